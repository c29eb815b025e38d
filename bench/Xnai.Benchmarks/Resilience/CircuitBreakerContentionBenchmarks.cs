using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Polly;
using Polly.CircuitBreaker;
using Xnai.Resilience;

namespace Xnai.Benchmarks.Resilience;

/// <summary>
/// Two threads calling one breaker at once, Polly's against ours under the same load: the closed path (every call
/// succeeds) and a breaker near its trip point (every other call fails; the failure ratio hovers at 0.5 under a
/// 0.6 limit, so every failure evaluates the ratio rule but the circuit never opens). Each invocation runs
/// <see cref="CallsPerThread"/> calls on each thread; the columns are per call.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class CircuitBreakerContentionBenchmarks
{
    private const int CallsPerThread = 50_000;
    private const int Calls = 2 * CallsPerThread;

    private static readonly Func<ResilienceContext, int, ValueTask<Outcome<int>>> Succeed =
        static (_, state) => Outcome.FromResultAsValueTask(state);

    // One exception instance: the benchmark measures the breaker, not exception allocation.
    private static readonly Outcome<int> Failure = Outcome.FromException<int>(new InvalidOperationException("down"));

    private static readonly Func<ResilienceContext, int, ValueTask<Outcome<int>>> Alternate =
        static (_, i) => (i & 1) == 0 ? new ValueTask<Outcome<int>>(Failure) : Outcome.FromResultAsValueTask(i);

    private readonly CircuitBreakerStateProvider _pollyState = new();
    private ResiliencePipeline<int> _polly = null!;
    private ResiliencePipeline<int> _xnai = null!;
    private CircuitBreaker _breaker = null!;

    [GlobalSetup]
    public void Setup()
    {
        // The same rule on both: failure ratio 0.6 over 5 minutes, at least 10 calls.
        _polly = new ResiliencePipelineBuilder<int>()
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<int>
            {
                FailureRatio = 0.6,
                MinimumThroughput = 10,
                SamplingDuration = TimeSpan.FromMinutes(5),
                BreakDuration = TimeSpan.FromSeconds(30),
                StateProvider = _pollyState,
            })
            .Build();
        _breaker = new CircuitBreaker("bench", new CircuitBreakerOptions
        {
            ConsecutiveFailures = 0,
            FailureRatio = 0.6,
            MinimumThroughput = 10,
            SamplingDuration = TimeSpan.FromMinutes(5),
            BreakDuration = TimeSpan.FromSeconds(30),
        });
        _xnai = new ResiliencePipelineBuilder<int>().AddXnaiCircuitBreaker(_breaker).Build();

        // Fill both windows at exactly 0.5, so two threads interleaving cannot push a small sample over 0.6.
        var context = ResilienceContextPool.Shared.Get();
        for (var i = 0; i < 1_000; i++)
        {
            _ = _polly.ExecuteOutcomeAsync(Alternate, context, i).Result;
            _ = _xnai.ExecuteOutcomeAsync(Alternate, context, i).Result;
        }

        ResilienceContextPool.Shared.Return(context);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        // A near-trip row is only meaningful if neither circuit opened during the run.
        if (_breaker.State != Xnai.Resilience.CircuitState.Closed || _pollyState.CircuitState != Polly.CircuitBreaker.CircuitState.Closed)
        {
            throw new InvalidOperationException("A circuit opened during the contention benchmark.");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls, Description = "Polly, closed, 2 threads")]
    [BenchmarkCategory("Closed")]
    public void PollyClosed() => OnTwoThreads(_polly, Succeed);

    [Benchmark(OperationsPerInvoke = Calls, Description = "Xnai, closed, 2 threads")]
    [BenchmarkCategory("Closed")]
    public void XnaiClosed() => OnTwoThreads(_xnai, Succeed);

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls, Description = "Polly, near trip, 2 threads")]
    [BenchmarkCategory("NearTrip")]
    public void PollyNearTrip() => OnTwoThreads(_polly, Alternate);

    [Benchmark(OperationsPerInvoke = Calls, Description = "Xnai, near trip, 2 threads")]
    [BenchmarkCategory("NearTrip")]
    public void XnaiNearTrip() => OnTwoThreads(_xnai, Alternate);

    private static void OnTwoThreads(ResiliencePipeline<int> pipeline, Func<ResilienceContext, int, ValueTask<Outcome<int>>> callback)
    {
        var other = Task.Factory.StartNew(static s => Loop(((ResiliencePipeline<int>, Func<ResilienceContext, int, ValueTask<Outcome<int>>>))s!),
            (pipeline, callback), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default);
        Loop((pipeline, callback));
        other.Wait();
    }

    private static void Loop((ResiliencePipeline<int> Pipeline, Func<ResilienceContext, int, ValueTask<Outcome<int>>> Callback) work)
    {
        var context = ResilienceContextPool.Shared.Get();
        for (var i = 0; i < CallsPerThread; i++)
        {
            _ = work.Pipeline.ExecuteOutcomeAsync(work.Callback, context, i).Result;
        }

        ResilienceContextPool.Shared.Return(context);
    }
}
