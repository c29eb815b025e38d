namespace Xnai.Resilience;

/// <summary>Lifetime totals (never reset) and the rejections of the current period; all interlocked, no lock.</summary>
internal sealed class CircuitCounters
{
    private long _calls;
    private long _failures;
    private long _rejections;
    private long _periodRejections;
    private long _recoveries;
    private int _trips;

    public long Calls => Interlocked.Read(ref _calls);

    public long Failures => Interlocked.Read(ref _failures);

    public long Rejections => Interlocked.Read(ref _rejections);

    public long Recoveries => Interlocked.Read(ref _recoveries);

    public int Trips => Volatile.Read(ref _trips);

    public void Call() => Interlocked.Increment(ref _calls);

    public void Failure() => Interlocked.Increment(ref _failures);

    public void Recovery() => Interlocked.Increment(ref _recoveries);

    public void Trip() => Interlocked.Increment(ref _trips);

    public void Rejection()
    {
        Interlocked.Increment(ref _rejections);
        Interlocked.Increment(ref _periodRejections);
    }

    /// <summary>Returns the rejections since the last call and starts counting the next period.</summary>
    public long TakePeriodRejections() => Interlocked.Exchange(ref _periodRejections, 0);
}
