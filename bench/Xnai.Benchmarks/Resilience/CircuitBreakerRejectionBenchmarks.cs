using BenchmarkDotNet.Attributes;
using Polly;
using Polly.CircuitBreaker;
using Xnai.Resilience;

namespace Xnai.Benchmarks.Resilience;

/// <summary>
/// Cost of rejecting a call while the circuit is open: Polly's breaker through <c>ExecuteAsync</c> (throws) and
/// <c>ExecuteOutcomeAsync</c> (returns the exception), and ours through the same two paths.
/// </summary>
[MemoryDiagnoser]
public class CircuitBreakerRejectionBenchmarks
{
    private static readonly Func<ResilienceContext, int, ValueTask<Outcome<int>>> Callback =
        static (_, state) => Outcome.FromResultAsValueTask(state);

    private static readonly Func<ResilienceContext, int, ValueTask<int>> Plain = static (_, state) => ValueTask.FromResult(state);

    private static readonly Func<ResilienceContext, int, ValueTask<Outcome<int>>> Failing =
        static (_, _) => Outcome.FromExceptionAsValueTask<int>(new InvalidOperationException("down"));

    private ResiliencePipeline<int> _polly = null!;
    private ResiliencePipeline<int> _xnai = null!;
    private ResilienceContext _context = null!;

    [GlobalSetup]
    public void Setup()
    {
        _context = ResilienceContextPool.Shared.Get();
        // A one-day break keeps both circuits open for the whole run.
        _polly = new ResiliencePipelineBuilder<int>()
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<int>
            {
                FailureRatio = 0.5,
                MinimumThroughput = 2,
                BreakDuration = TimeSpan.FromDays(1),
            })
            .Build();
        var breaker = new CircuitBreaker("bench", new CircuitBreakerOptions { ConsecutiveFailures = 2, BreakDuration = TimeSpan.FromDays(1) });
        _xnai = new ResiliencePipelineBuilder<int>().AddXnaiCircuitBreaker(breaker).Build();
        for (var i = 0; i < 3; i++)
        {
            _ = _polly.ExecuteOutcomeAsync(Failing, _context, 0).Result;
            _ = _xnai.ExecuteOutcomeAsync(Failing, _context, 0).Result;
        }

        if (breaker.State != Xnai.Resilience.CircuitState.Open || _polly.ExecuteOutcomeAsync(Callback, _context, 1).Result.Exception is not BrokenCircuitException)
        {
            throw new InvalidOperationException("Both circuits must be open.");
        }
    }

    [Benchmark(Baseline = true, Description = "Polly, exception (ExecuteAsync)")]
    public int PollyException()
    {
        try
        {
            return _polly.ExecuteAsync(Plain, _context, 1).GetAwaiter().GetResult();
        }
        catch (BrokenCircuitException)
        {
            return -1;
        }
    }

    [Benchmark(Description = "Polly, outcome (ExecuteOutcomeAsync)")]
    public bool PollyOutcome() => _polly.ExecuteOutcomeAsync(Callback, _context, 1).Result.Exception is not null;

    [Benchmark(Description = "Xnai, exception (ExecuteAsync)")]
    public int XnaiException()
    {
        try
        {
            return _xnai.ExecuteAsync(Plain, _context, 1).GetAwaiter().GetResult();
        }
        catch (BrokenCircuitException)
        {
            return -1;
        }
    }

    [Benchmark(Description = "Xnai, outcome (ExecuteOutcomeAsync)")]
    public bool XnaiOutcome() => _xnai.ExecuteOutcomeAsync(Callback, _context, 1).Result.Exception is not null;
}
