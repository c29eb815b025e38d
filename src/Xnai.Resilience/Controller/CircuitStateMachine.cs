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
    private readonly Outage _outage;
    private bool _disposed;

    public CircuitStateMachine(TimeProvider time, CircuitTelemetry telemetry, CircuitCounters counters, CircuitHealth health, Func<CircuitBreakerOptions> options, Lock gate)
    {
        Gate = gate;
        _time = time;
        _telemetry = telemetry;
        _counters = counters;
        _health = health;
        _options = options;
        _outage = new Outage(time);
        Break = new BreakSchedule(time, OnBreakElapsed);
    }

    public Lock Gate { get; }

    public int StateWord => _stateWord;

    public BreakSchedule Break { get; }

    public ProbeSlots Probes { get; } = new();

    public CircuitTransition? LastTransition => _lastTransition;

    public DateTimeOffset? OpenedAt_NeedsLock => _outage.OpenedAt;

    public static CircuitState StateOf(int word) => (CircuitState)(word & StateMask);

    public static bool SameGeneration(int a, int b) => (a >> StateBits) == (b >> StateBits);

    public void Trip_NeedsLock(string reason)
    {
        var options = _options();
        var now = _time.GetTimestamp();
        _counters.Trip();
        var duration = BreakSchedule.DurationFor(options, _outage.Trip_NeedsLock(now));
        // The probes of the coming half-open period get the deadline of this break unless one is configured.
        Probes.Reset_NeedsLock(options.HalfOpenProbes, Break.ToTicks(options.ProbeDeadline ?? duration));
        Break.Start_NeedsLock(now, duration);
        Transition_NeedsLock(CircuitState.Open, $"{reason}; half-open in {duration.TotalSeconds:0.###} s");
    }

    public void EnterHalfOpen_NeedsLock() => Transition_NeedsLock(CircuitState.HalfOpen, "break duration elapsed");

    public void Close_NeedsLock(bool recovered, string reason)
    {
        if (_outage.End_NeedsLock() is { } outage && recovered)
        {
            _counters.Recovery();
            _telemetry.Recovered(outage);
        }

        _health.Clear_NeedsLock();
        Transition_NeedsLock(CircuitState.Closed, reason);
    }

    public void Isolate_NeedsLock()
    {
        if (StateOf(_stateWord) != CircuitState.Isolated)
        {
            _outage.Interrupt_NeedsLock(keepOpenedAt: true);
            Transition_NeedsLock(CircuitState.Isolated, "isolated by operator");
        }
    }

    public void Disable_NeedsLock()
    {
        if (StateOf(_stateWord) != CircuitState.Disabled)
        {
            _outage.Interrupt_NeedsLock(keepOpenedAt: false);
            Transition_NeedsLock(CircuitState.Disabled, "disabled by operator");
        }
    }

    /// <summary>Closed, no consecutive failures, empty window, no backoff, no opened-at, no last failure; totals kept.</summary>
    public void Reset_NeedsLock()
    {
        _outage.End_NeedsLock();
        _health.Clear_NeedsLock();
        _health.LastFailure = null;
        if (StateOf(_stateWord) != CircuitState.Closed)
        {
            Transition_NeedsLock(CircuitState.Closed, "reset by operator");
        }
    }

    /// <summary>Half-opens the circuit if it is still in the open period <paramref name="word"/>; returns the current word.</summary>
    public int HalfOpenIfStill(int word)
    {
        lock (Gate)
        {
            if (_stateWord == word)
            {
                EnterHalfOpen_NeedsLock();
            }

            word = _stateWord;
        }

        _telemetry.Publish();
        return word;
    }

    /// <summary>
    /// Takes a probe slot of the half-open period <paramref name="word"/>. False with <paramref name="word"/> unchanged:
    /// no slot free; false with another word: the state moved on, decide again.
    /// </summary>
    public bool TryTakeProbe(ref int word, out long start)
    {
        lock (Gate)
        {
            start = _time.GetTimestamp();
            if (_stateWord != word)
            {
                word = _stateWord;
                return false;
            }

            return Probes.TryTake_NeedsLock(start);
        }
    }

    /// <summary>Lets the outcome of a probe close or reopen the circuit; takes the lock and publishes after it.</summary>
    public void EndProbe(in CircuitPermit permit, CallResult result, bool slow, long now)
    {
        lock (Gate)
        {
            // A probe of an earlier period, or one past its deadline (its slot given away), decides nothing.
            if (_stateWord != permit.StateWord || !Probes.TryEnd_NeedsLock(permit.Timestamp, now))
            {
                return;
            }

            if (result == CallResult.Failure)
            {
                Trip_NeedsLock("half-open probe failed");
            }
            else if (slow)
            {
                Trip_NeedsLock("half-open probe was slow");
            }
            else if (result == CallResult.Success && Probes.Succeed_NeedsLock() >= Probes.Limit)
            {
                Close_NeedsLock(recovered: true, $"{Probes.Succeeded} half-open probe(s) succeeded");
            }
        }

        _telemetry.Publish();
    }

    public void Dispose()
    {
        lock (Gate)
        {
            _disposed = true;
            Break.Dispose();
        }
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
