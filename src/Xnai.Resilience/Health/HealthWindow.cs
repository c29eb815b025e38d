namespace Xnai.Resilience;

/// <summary>
/// Sliding time window of call, failure and slow-call counts that the ratio rules read.
/// </summary>
/// <remarks>
/// The window is split into <see cref="BucketCount"/> buckets aligned to the clock. An outcome recorded at t counts
/// until the end of its bucket plus the window, i.e. it ages out between <c>t + Window - Window/100</c> and exactly
/// <c>t + Window</c>, whatever the clock's phase: within 1 % of the window, as the rule demands. 100 buckets rather
/// than exact timestamps because a timestamp ring needs one slot per call (unbounded, or lossy at a fixed size)
/// while buckets keep memory fixed and recording lock-free: one interlocked add on the closed path, 0 B.
/// A bucket is only locked when it is recycled for a newer time slice. The bucket of the current slice is cached
/// with its start, so the common case costs a subtraction and a compare instead of a 64-bit division.
/// </remarks>
public sealed class HealthWindow
{
    /// <summary>Number of buckets; an outcome ages out at most one bucket (1 % of the window) early.</summary>
    public const int BucketCount = 100;

    private readonly Bucket[] _buckets = new Bucket[BucketCount];
    private readonly long _bucketTicks;
    private Bucket _current;

    /// <summary>Creates an empty window of <paramref name="samplingDuration"/> on a clock ticking <paramref name="timestampFrequency"/> times a second.</summary>
    public HealthWindow(TimeSpan samplingDuration, long timestampFrequency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(samplingDuration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timestampFrequency, 0);
        SamplingDuration = samplingDuration;
        var windowTicks = (long)(Int128.Max(1, (Int128)samplingDuration.Ticks * timestampFrequency / TimeSpan.TicksPerSecond));
        _bucketTicks = Math.Max(1, windowTicks / BucketCount);
        for (var i = 0; i < _buckets.Length; i++)
        {
            _buckets[i] = new Bucket();
        }

        _current = _buckets[0];
    }

    /// <summary>Length of the window.</summary>
    public TimeSpan SamplingDuration { get; }

    /// <summary>Records one outcome at <paramref name="timestamp"/> (a <see cref="TimeProvider.GetTimestamp"/> value).</summary>
    public void Record(long timestamp, bool failure, bool slow)
    {
        var bucket = Volatile.Read(ref _current);
        // Unsigned compare: one branch for start <= timestamp < start + bucket length.
        if ((ulong)(timestamp - bucket.Start) >= (ulong)_bucketTicks || Volatile.Read(ref bucket.Slice) == long.MinValue)
        {
            bucket = Locate(timestamp);
        }

        Interlocked.Increment(ref bucket.Calls);
        if (failure)
        {
            Interlocked.Increment(ref bucket.Failures);
        }

        if (slow)
        {
            Interlocked.Increment(ref bucket.Slow);
        }
    }

    /// <summary>Sums the outcomes still inside the window at <paramref name="timestamp"/>.</summary>
    public HealthCounts Sum(long timestamp)
    {
        var current = timestamp / _bucketTicks;
        long calls = 0, failures = 0, slow = 0;
        foreach (var bucket in _buckets)
        {
            var slice = Volatile.Read(ref bucket.Slice);
            if (slice > current - BucketCount && slice <= current)
            {
                calls += Volatile.Read(ref bucket.Calls);
                failures += Volatile.Read(ref bucket.Failures);
                slow += Volatile.Read(ref bucket.Slow);
            }
        }

        return new HealthCounts(calls, failures, slow);
    }

    /// <summary>Forgets every outcome.</summary>
    public void Clear()
    {
        foreach (var bucket in _buckets)
        {
            lock (bucket)
            {
                Reset(bucket, long.MinValue);
            }
        }
    }

    private Bucket Locate(long timestamp)
    {
        var slice = timestamp / _bucketTicks;
        var bucket = _buckets[(int)(slice % BucketCount)];
        if (Volatile.Read(ref bucket.Slice) != slice)
        {
            lock (bucket)
            {
                // Another thread may have recycled it already; a late caller with an older slice counts in the newer one.
                if (bucket.Slice < slice)
                {
                    bucket.Start = slice * _bucketTicks;
                    Reset(bucket, slice);
                }
            }
        }

        if (slice >= Volatile.Read(ref _current.Slice))
        {
            Volatile.Write(ref _current, bucket);
        }

        return bucket;
    }

    private static void Reset(Bucket bucket, long slice)
    {
        Volatile.Write(ref bucket.Calls, 0);
        Volatile.Write(ref bucket.Failures, 0);
        Volatile.Write(ref bucket.Slow, 0);
        Volatile.Write(ref bucket.Slice, slice);
    }

    private sealed class Bucket
    {
        public long Start;
        public long Slice = long.MinValue;
        public long Calls;
        public long Failures;
        public long Slow;
    }
}
