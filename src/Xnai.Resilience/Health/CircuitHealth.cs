namespace Xnai.Resilience;

/// <summary>
/// What the trip rules read in the current period: the consecutive-failure count and the sliding window, plus the
/// last failure seen. Updated without a lock on the call path; cleared under the controller's lock.
/// </summary>
internal sealed class CircuitHealth(TimeSpan samplingDuration, long timestampFrequency)
{
    private readonly long _frequency = timestampFrequency;
    private volatile HealthWindow _window = new(samplingDuration, timestampFrequency);
    private volatile CircuitFailure? _lastFailure;
    private int _consecutiveFailures;

    public HealthWindow Window => _window;

    public int ConsecutiveFailures => Volatile.Read(ref _consecutiveFailures);

    public CircuitFailure? LastFailure
    {
        get => _lastFailure;
        set => _lastFailure = value;
    }

    public int AddFailure() => Interlocked.Increment(ref _consecutiveFailures);

    public void AddSuccess()
    {
        // Read first: a closed path of successes should not write the shared line on every call.
        if (Volatile.Read(ref _consecutiveFailures) != 0)
        {
            Interlocked.Exchange(ref _consecutiveFailures, 0);
        }
    }

    /// <summary>Starts a new period: no consecutive failures, an empty window. The last failure is kept.</summary>
    public void Clear_NeedsLock()
    {
        Interlocked.Exchange(ref _consecutiveFailures, 0);
        _window.Clear();
    }

    /// <summary>Replaces the window when a reload changes its length (the counts restart).</summary>
    public void Resize_NeedsLock(TimeSpan samplingDuration)
    {
        if (samplingDuration != _window.SamplingDuration)
        {
            _window = new HealthWindow(samplingDuration, _frequency);
        }
    }
}
