using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;

namespace Xnai.Benchmarks.Voice;

/// <summary>
/// Speech operations take 20 ms to a few seconds: measure each invocation on its own (Monitoring strategy, no unroll)
/// with a few warm-ups, and show the median and P95 beside the mean because the shared machine is noisy.
/// </summary>
internal sealed class VoiceBenchmarkConfig : ManualConfig
{
    public VoiceBenchmarkConfig()
    {
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithInvocationCount(1).WithUnrollFactor(1)
            .WithWarmupCount(3).WithIterationCount(15)
            .WithGcForce(false));
        AddColumn(StatisticColumn.P50, StatisticColumn.P95);
    }
}
