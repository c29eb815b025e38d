using BenchmarkDotNet.Attributes;
using Polly;
using Polly.CircuitBreaker;
using Xnai.Resilience;

namespace Xnai.Benchmarks.Resilience;

/// <summary>
/// Cost of a successful, synchronously completing call through a closed circuit: the bare call, an empty
/// Polly pipeline, Polly's built-in breaker and ours (with its sampling window on, as Polly's always is).
/// </summary>
[MemoryDiagnoser]
public class CircuitBreakerClosedBenchmarks
{
    private static readonly Func<ResilienceContext, int, ValueTask<Outcome<int>>> Callback =
        static (_, state) => Outcome.FromResultAsValueTask(state);

    private ResiliencePipeline<int> _empty = null!;
    private ResiliencePipeline<int> _polly = null!;
    private ResiliencePipeline<int> _xnai = null!;
    private ResilienceContext _context = null!;

    [GlobalSetup]
    public void Setup()
    {
        _context = ResilienceContextPool.Shared.Get();
        _empty = ResiliencePipeline<int>.Empty;
        _polly = new ResiliencePipelineBuilder<int>()
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<int>
            {
                FailureRatio = 0.5,
                MinimumThroughput = 10,
                SamplingDuration = TimeSpan.FromMinutes(5),
                BreakDuration = TimeSpan.FromSeconds(30),
            })
            .Build();
        var breaker = new CircuitBreaker("bench", new CircuitBreakerOptions
        {
            ConsecutiveFailures = 3,
            FailureRatio = 0.5,
            MinimumThroughput = 10,
            SamplingDuration = TimeSpan.FromMinutes(5),
            BreakDuration = TimeSpan.FromSeconds(30),
        });
        _xnai = new ResiliencePipelineBuilder<int>().AddXnaiCircuitBreaker(breaker).Build();
    }

    [Benchmark(Baseline = true, Description = "Bare call")]
    public int Bare() => Callback(_context, 1).Result.Result;

    [Benchmark(Description = "Polly empty pipeline")]
    public int PollyEmpty() => _empty.ExecuteOutcomeAsync(Callback, _context, 1).Result.Result;

    [Benchmark(Description = "Polly circuit breaker")]
    public int PollyBreaker() => _polly.ExecuteOutcomeAsync(Callback, _context, 1).Result.Result;

    [Benchmark(Description = "Xnai circuit breaker")]
    public int XnaiBreaker() => _xnai.ExecuteOutcomeAsync(Callback, _context, 1).Result.Result;
}
