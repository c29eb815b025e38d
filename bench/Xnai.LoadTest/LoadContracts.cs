using System.Text.Json;

namespace Xnai.LoadTest;

/// <summary>Latency percentiles in milliseconds (zeros when nothing was recorded).</summary>
public sealed record LatencySummary(double P50Ms, double P95Ms, double P99Ms, double MaxMs, double MeanMs)
{
    /// <summary>No samples.</summary>
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0);
}

/// <summary>
/// The outcome of a load run. Answered = 200 and not degraded; Fallback = 200 and degraded; Failed = everything else
/// (non-200, transport errors, timeouts), of which <see cref="Timeouts"/> and <see cref="Rejected429"/> are subsets.
/// <see cref="Latency"/> covers every request (failures until they failed); <see cref="FallbackLatency"/> only degraded answers.
/// </summary>
public sealed record LoadReport(
    long Total,
    long Answered,
    long Fallback,
    long Failed,
    long Timeouts,
    long Rejected429,
    double RequestsPerSecond,
    TimeSpan Elapsed,
    LatencySummary Latency,
    LatencySummary FallbackLatency,
    IReadOnlyDictionary<int, long> StatusCodes,
    IReadOnlyList<string> SampleErrors,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Sessions,
    JsonElement? BreakersBefore,
    JsonElement? BreakersAfter);

/// <summary>Counters while a run is in progress.</summary>
public sealed record LoadProgress(
    long Total,
    long Answered,
    long Fallback,
    long Failed,
    long Timeouts,
    long Rejected429,
    TimeSpan Elapsed,
    double RequestsPerSecond);
