using HdrHistogram;

namespace Xnai.LoadTest;

/// <summary>
/// Thread-safe latency histogram in microseconds over HdrHistogram's <see cref="LongConcurrentHistogram"/>: three
/// significant digits (at most 0.1 % error), 1 µs up to one hour (longer samples are clamped to it). Its memory is
/// fixed by that range (about 200 KB), however many samples arrive.
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>The longest latency recorded as itself; a longer one counts as this much.</summary>
    public static readonly TimeSpan Highest = TimeSpan.FromHours(1);

    private readonly LongConcurrentHistogram _histogram =
        new(lowestTrackableValue: 1, highestTrackableValue: (long)Highest.TotalMicroseconds, numberOfSignificantValueDigits: 3);

    /// <summary>Number of recorded samples.</summary>
    public long Count => _histogram.TotalCount;

    /// <summary>Records one latency.</summary>
    public void Record(TimeSpan latency)
    {
        var micros = Math.Clamp(latency.Ticks / TimeSpan.TicksPerMicrosecond, 0, (long)Highest.TotalMicroseconds);
        _histogram.RecordValue(micros);
    }

    /// <summary>The p50/p95/p99, max and mean of what was recorded so far.</summary>
    public LatencySummary Summarize()
    {
        // One copy, so the figures describe the same samples while recording goes on.
        var copy = _histogram.Copy();
        if (copy.TotalCount == 0)
        {
            return LatencySummary.Empty;
        }

        var max = copy.GetMaxValue();
        return new LatencySummary(
            Math.Min(copy.GetValueAtPercentile(50), max) / 1000.0,
            Math.Min(copy.GetValueAtPercentile(95), max) / 1000.0,
            Math.Min(copy.GetValueAtPercentile(99), max) / 1000.0,
            max / 1000.0,
            copy.GetMean() / 1000.0);
    }
}
