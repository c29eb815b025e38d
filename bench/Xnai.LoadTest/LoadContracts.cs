using System.Text.Json;
using System.Text.Json.Serialization;

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
/// <see cref="Sessions"/> (every message each session sent, for loss checks) stays out of the JSON report.
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
    [property: JsonIgnore] IReadOnlyDictionary<string, IReadOnlyList<string>> Sessions,
    JsonElement? BreakersBefore,
    JsonElement? BreakersAfter)
{
    /// <summary>Sessions the run used. The JSON report carries the counts, not every message sent.</summary>
    public int SessionCount => Sessions.Count;

    /// <summary>Degraded answers per service named in their <c>degradedServices</c> (one answer can name several).</summary>
    public IReadOnlyDictionary<string, long> FallbackBy { get; init; } = new Dictionary<string, long>();

    /// <summary>Degraded answers served from the answer store (an earlier knowledge-base answer, <c>stale</c> set).</summary>
    public long Stale { get; init; }

    /// <summary>Latency of the answers counted in <see cref="Stale"/> (a subset of <see cref="FallbackLatency"/>).</summary>
    public LatencySummary StaleLatency { get; init; } = LatencySummary.Empty;

    /// <summary>Messages sent across all sessions.</summary>
    public long MessagesSent => Sessions.Values.Sum(messages => (long)messages.Count);
}

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
