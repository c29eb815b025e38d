namespace Xnai.ServiceDefaults.Resilience;

/// <summary>
/// Sliding time window of call, failure and slow-call counts, split into ten buckets so that old
/// outcomes age out one bucket at a time. Recording is lock-free (a bucket is only locked when it is
/// recycled for a newer time slice), so the closed success path stays cheap under contention.
/// </summary>
internal sealed class HealthWindow
{
    private const int BucketCount = 10;

    private readonly Bucket[] _buckets = new Bucket[BucketCount];
    private readonly long _bucketTicks;

    public HealthWindow(TimeSpan samplingDuration, long timestampFrequency)
    {
        SamplingDuration = samplingDuration;
        _bucketTicks = Math.Max(1, (long)(samplingDuration.TotalSeconds * timestampFrequency / BucketCount));
        for (var i = 0; i < _buckets.Length; i++)
        {
            _buckets[i] = new Bucket();
        }
    }

    public TimeSpan SamplingDuration { get; }

    public void Record(long timestamp, bool failure, bool slow)
    {
        var slice = timestamp / _bucketTicks;
        var bucket = _buckets[(int)(slice % BucketCount)];
        if (Volatile.Read(ref bucket.Slice) != slice)
        {
            Recycle(bucket, slice);
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

    public WindowCounts Sum(long timestamp)
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

        return new WindowCounts(calls, failures, slow);
    }

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

    private static void Recycle(Bucket bucket, long slice)
    {
        lock (bucket)
        {
            // Another thread may have recycled it already; a late caller with an older slice counts in the newer one.
            if (bucket.Slice < slice)
            {
                Reset(bucket, slice);
            }
        }
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
        public long Slice = long.MinValue;
        public long Calls;
        public long Failures;
        public long Slow;
    }
}

internal readonly record struct WindowCounts(long Calls, long Failures, long Slow)
{
    public double FailureRate => Calls == 0 ? 0 : (double)Failures / Calls;

    public double SlowCallRate => Calls == 0 ? 0 : (double)Slow / Calls;
}
