using System.Numerics;

namespace Xnai.LoadTest;

/// <summary>
/// Thread-safe, fixed-size log-linear histogram of microseconds (HdrHistogram's layout): exact below 2,048 µs,
/// then 1,024 sub-buckets per power of two (at most 0.1 % error), clamped at about 9 hours. Memory stays ~210 KB
/// however many samples arrive.
/// </summary>
public sealed class LatencyHistogram
{
    private const int LinearLimit = 2048;
    private const int SubBuckets = 1024;
    private const int MaxExponent = 34;

    private readonly long[] _counts = new long[LinearLimit + ((MaxExponent - 10) * SubBuckets)];
    private long _count;
    private long _sumMicros;
    private long _maxMicros;

    /// <summary>Number of recorded samples.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Records one latency.</summary>
    public void Record(TimeSpan latency)
    {
        var micros = Math.Max(0, latency.Ticks / TimeSpan.TicksPerMicrosecond);
        micros = Math.Min(micros, (1L << (MaxExponent + 1)) - 1);
        Interlocked.Increment(ref _counts[IndexOf(micros)]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sumMicros, micros);

        var max = Interlocked.Read(ref _maxMicros);
        while (micros > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxMicros, micros, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>The p50/p95/p99, max and mean of what was recorded so far.</summary>
    public LatencySummary Summarize()
    {
        var count = Count;
        if (count == 0)
        {
            return LatencySummary.Empty;
        }

        var max = Interlocked.Read(ref _maxMicros);
        return new LatencySummary(
            Percentile(0.50, count, max) / 1000.0,
            Percentile(0.95, count, max) / 1000.0,
            Percentile(0.99, count, max) / 1000.0,
            max / 1000.0,
            Interlocked.Read(ref _sumMicros) / 1000.0 / count);
    }

    /// <summary>The smallest recorded value such that at least <paramref name="quantile"/> of the samples are at or below it.</summary>
    private long Percentile(double quantile, long count, long max)
    {
        var rank = Math.Max(1, (long)Math.Ceiling(quantile * count));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return Math.Min(HighestOf(i), max);
            }
        }

        return max;
    }

    internal static int IndexOf(long micros)
    {
        if (micros < LinearLimit)
        {
            return (int)micros;
        }

        // For 2^e <= v < 2^(e+1), e >= 11: keep the top 11 bits, so the bucket width is 2^(e-10).
        var shift = BitOperations.Log2((ulong)micros) - 10;
        var sub = (int)(micros >> shift) - SubBuckets;
        return LinearLimit + ((shift - 1) * SubBuckets) + sub;
    }

    internal static long HighestOf(int index)
    {
        if (index < LinearLimit)
        {
            return index;
        }

        var shift = ((index - LinearLimit) / SubBuckets) + 1;
        var sub = ((index - LinearLimit) % SubBuckets) + SubBuckets;
        return (((long)sub + 1) << shift) - 1;
    }
}
