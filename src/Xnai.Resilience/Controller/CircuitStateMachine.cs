namespace Xnai.Resilience;

/// <summary>
/// States and transitions of one breaker: trip, half-open, close and the operator's isolate, disable and reset.
/// Every method that changes state needs <see cref="Gate"/> (suffix <c>_NeedsLock</c>) and leaves telemetry in the
/// ring; the caller publishes it after releasing the lock.
/// </summary>
internal sealed class CircuitStateMachine : IDisposable
{
    private const int StateBits = 3;
    private const int StateMask = (1 << StateBits) - 1;

    private readonly TimeProvider _time;
    private readonly CircuitTelemetry _telemetry;
    private readonly CircuitCounters _counters;
    private readonly CircuitHealth _health;
    private readonly Func<CircuitBreakerOptions> _options;

    // Generation (bumped on every transition) << StateBits | state: one read gives both, consistently.
    private volatile int _stateWord;
    private volatile CircuitTransition? _lastTransition;

    // Guarded by Gate.
    private int _tripStreak;
    private bool _inOutage;
    private long _outageStart;
    private DateTimeOffset? _openedAt;
    private bool _disposed;

    public CircuitStateMachine(TimeProvider time, CircuitTelemetry telemetry, CircuitCounters counters, CircuitHealth health, Func<CircuitBreakerOptions> options)
    {
        _time = time;
        _telemetry = telemetry;
        _counters = counters;
        _health = health;
        _options = options;
        Break = new BreakSchedule(time, OnBreakElapsed);
    }

    public Lock Gate { get; } = new();

    public int StateWord => _stateWord;

    public BreakSchedule Break { get; }

    public ProbeSlots Probes { get; } = new();

    public CircuitTransition? LastTransition => _lastTransition;

    public DateTimeOffset? OpenedAt_NeedsLock => _openedAt;

    public static CircuitState StateOf(int word) => (CircuitState)(word & StateMask);

    public static bool SameGeneration(int a, int b) => (a >> StateBits) == (b >> StateBits);

    public void Trip_NeedsLock(string reason)
    {
        var options = _options();
        var now = _time.GetTimestamp();
        _tripStreak++;
        _counters.Trip();
        var duration = BreakSchedule.DurationFor(options, _tripStreak);
        if (!_inOutage)
        {
            _inOutage = true;
            _outageStart = now;
        }

        _openedAt = _time.GetUtcNow();
        // The probes of the coming half-open period get the deadline of this break unless one is configured.
        Probes.Reset_NeedsLock(options.HalfOpenProbes, Break.ToTicks(options.ProbeDeadline ?? duration));
        Break.Start_NeedsLock(now, duration);
        Transition_NeedsLock(CircuitState.Open, $"{reason}; half-open in {duration.TotalSeconds:0.###} s");
    }

    public void EnterHalfOpen_NeedsLock() => Transition_NeedsLock(CircuitState.HalfOpen, "break duration elapsed");

    public void Close_NeedsLock(bool recovered, string reason)
    {
        if (recovered && _inOutage)
        {
            _counters.Recovery();
            _telemetry.Recovered(_time.GetElapsedTime(_outageStart));
        }

        EndOutage_NeedsLock();
        Transition_NeedsLock(CircuitState.Closed, reason);
    }

    public void Isolate_NeedsLock()
    {
        if (StateOf(_stateWord) != CircuitState.Isolated)
        {
            _inOutage = false;
            _openedAt ??= _time.GetUtcNow();
            Transition_NeedsLock(CircuitState.Isolated, "isolated by operator");
        }
    }

    public void Disable_NeedsLock()
    {
        if (StateOf(_stateWord) != CircuitState.Disabled)
        {
            _inOutage = false;
            _openedAt = null;
            Transition_NeedsLock(CircuitState.Disabled, "disabled by operator");
        }
    }

    /// <summary>Closed, no consecutive failures, empty window, no backoff, no opened-at, no last failure; totals kept.</summary>
    public void Reset_NeedsLock()
    {
        EndOutage_NeedsLock();
        _health.LastFailure = null;
        if (StateOf(_stateWord) != CircuitState.Closed)
        {
            Transition_NeedsLock(CircuitState.Closed, "reset by operator");
        }
    }

    public void Dispose()
    {
        lock (Gate)
        {
            _disposed = true;
            Break.Dispose();
        }
    }

    private void EndOutage_NeedsLock()
    {
        _tripStreak = 0;
        _inOutage = false;
        _openedAt = null;
        _health.Clear_NeedsLock();
    }

    private void Transition_NeedsLock(CircuitState to, string reason)
    {
        var from = StateOf(_stateWord);
        _stateWord = (((_stateWord >> StateBits) + 1) << StateBits) | (int)to;
        var at = _time.GetUtcNow();
        _lastTransition = new CircuitTransition(at, from, to);
        if (_counters.TakePeriodRejections() is var rejected and > 0)
        {
            _telemetry.Rejections(from, rejected, at);
        }

        _telemetry.Transition(from, to, reason, at);
    }

    private void OnBreakElapsed()
    {
        lock (Gate)
        {
            if (_disposed || StateOf(_stateWord) != CircuitState.Open || !Break.IsOver_NeedsLock(_time.GetTimestamp()))
            {
                return;
            }

            EnterHalfOpen_NeedsLock();
        }

        _telemetry.Publish();
    }
}
