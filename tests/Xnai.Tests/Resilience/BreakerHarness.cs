using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Xnai.Resilience;

namespace Xnai.Tests.Resilience;

/// <summary>A breaker on a fake clock behind a typed pipeline, with a dependency that counts its calls.</summary>
internal sealed class BreakerHarness
{
    public BreakerHarness(string name, CircuitBreakerOptions options)
    {
        Logger = new FakeLogger();
        Breaker = new CircuitBreaker(name, options, Time, Logger);
        Pipeline = new ResiliencePipelineBuilder<string>().AddXnaiCircuitBreaker(Breaker).Build();
    }

    public FakeTimeProvider Time { get; } = new();

    public FakeLogger Logger { get; }

    public CircuitBreaker Breaker { get; }

    public ResiliencePipeline<string> Pipeline { get; }

    public int DependencyCalls => _dependencyCalls;

    private int _dependencyCalls;

    public static CircuitBreakerOptions Seed(int failures, int breakSeconds) => new()
    {
        ConsecutiveFailures = failures,
        BreakDuration = TimeSpan.FromSeconds(breakSeconds),
    };

    public ValueTask<Outcome<string>> SucceedAsync() => CallAsync(() => "ok");

    public ValueTask<Outcome<string>> FailAsync(string message = "rag is down") =>
        CallAsync(() => throw new HttpRequestException(message));

    /// <summary>A call that takes <paramref name="duration"/> on the fake clock.</summary>
    public ValueTask<Outcome<string>> SlowAsync(TimeSpan duration) => CallAsync(() =>
    {
        Time.Advance(duration);
        return "slow";
    });

    public async ValueTask<Outcome<string>> CallAsync(Func<string> dependency, CancellationToken cancellationToken = default)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            return await Pipeline.ExecuteOutcomeAsync(
                static (_, state) =>
                {
                    Interlocked.Increment(ref state.Harness._dependencyCalls);
                    try
                    {
                        return Outcome.FromResultAsValueTask(state.Dependency());
                    }
                    catch (Exception ex)
                    {
                        return Outcome.FromExceptionAsValueTask<string>(ex);
                    }
                },
                context,
                (Harness: this, Dependency: dependency));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public async Task FailTimesAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await FailAsync();
        }
    }

    public async Task SucceedTimesAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await SucceedAsync();
        }
    }
}
