using System.Diagnostics;

namespace Xnai.Resilience;

/// <summary>
/// States and transitions of one breaker: trip, half-open, close and the operator's isolate, disable and reset, and
/// the views of them (snapshot, retry-after). It owns the breaker's lock, as Polly's <c>CircuitStateController</c>
/// does: every public method takes it itself, and publishes the telemetry a transition left after releasing it, so
/// subscribers are never fed under the lock. Private members with the suffix <c>_NeedsLock</c> run under it.
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

    private readonly Lock _gate = new();
    private readonly BreakSchedule _break;
    private readonly ProbeSlots _probes = new();

    // Guarded by _gate.
    private readonly Outage _outage;
    private bool _disposed;

    public CircuitStateMachine(TimeProvider time, CircuitTelemetry telemetry, CircuitCounters counters, CircuitHealth health, Func<CircuitBreakerOptions> options)
    {
        _time = time;
        _telemetry = telemetry;
        _counters = counters;
        _health = health;
        _options = options;
        _outage = new Outage(time);
        _break = new BreakSchedule(time, OnBreakElapsed);
    }

    public int StateWord => _stateWord;

    /// <summary>When the current break ends (a timestamp of the breaker's clock); read without the lock.</summary>
    public long BreakEndsAt => _break.EndsAt;

    public CircuitTransition? LastTransition => _lastTransition;

    public static CircuitState StateOf(int word) => (CircuitState)(word & StateMask);

    public static bool SameGeneration(int a, int b) => (a >> StateBits) == (b >> StateBits);

    private void Trip_NeedsLock(string reason)
    {
        var options = _options();
        var now = _time.GetTimestamp();
        _counters.Trip();
        var duration = BreakSchedule.DurationFor(options, _outage.Trip_NeedsLock(now));
        // The probes of the coming half-open period get the deadline of this break unless one is configured.
        _probes.Reset_NeedsLock(options.HalfOpenProbes, _break.ToTicks(options.ProbeDeadline ?? duration));
        _break.Start_NeedsLock(now, duration);
        Transition_NeedsLock(CircuitState.Open, $"{reason}; half-open in {duration.TotalSeconds:0.###} s");
    }

    private void EnterHalfOpen_NeedsLock() => Transition_NeedsLock(CircuitState.HalfOpen, "break duration elapsed");

    private void Close_NeedsLock(bool recovered, string reason)
    {
        if (_outage.End_NeedsLock() is { } outage && recovered)
        {
            _counters.Recovery();
            _telemetry.Recovered(outage);
        }

        _health.Clear_NeedsLock();
        Transition_NeedsLock(CircuitState.Closed, reason);
    }

    private void Isolate_NeedsLock()
    {
        if (StateOf(_stateWord) != CircuitState.Isolated)
        {
            _outage.Interrupt_NeedsLock(keepOpenedAt: true);
            Transition_NeedsLock(CircuitState.Isolated, "isolated by operator");
        }
    }

    private void Disable_NeedsLock()
    {
        if (StateOf(_stateWord) != CircuitState.Disabled)
        {
            _outage.Interrupt_NeedsLock(keepOpenedAt: false);
            Transition_NeedsLock(CircuitState.Disabled, "disabled by operator");
        }
    }

    /// <summary>Closed, no consecutive failures, empty window, no backoff, no opened-at, no last failure; totals kept.</summary>
    private void Reset_NeedsLock()
    {
        _outage.End_NeedsLock();
        _health.Clear_NeedsLock();
        _health.LastFailure = null;
        if (StateOf(_stateWord) != CircuitState.Closed)
        {
            Transition_NeedsLock(CircuitState.Closed, "reset by operator");
        }
    }

    /// <summary>A consistent view of state, counts, window rates, the last failure and transition, and the break's remaining time.</summary>
    public CircuitSnapshot Snapshot(string name)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var counts = _health.Window.Sum(now);
            var state = StateOf(_stateWord);
            TimeSpan? retryAfter = state == CircuitState.Open ? _break.ToTimeSpan(Math.Max(0, _break.EndsAt - now)) : null;
            return new CircuitSnapshot(name, state, _health.ConsecutiveFailures, counts.FailureRate, counts.SlowCallRate,
                _counters.Calls, _counters.Failures, _counters.Rejections, _health.LastFailure, _outage.OpenedAt, retryAfter,
                _counters.Trips, _lastTransition);
        }
    }

    /// <summary>
    /// The retry-after of a call rejected in the period <paramref name="word"/> at <paramref name="timestamp"/>: the
    /// break's remaining time in whole seconds, rounded up, at least 1; null unless that period is an open one.
    /// </summary>
    public TimeSpan? RetryAfter(int word, long timestamp)
    {
        if (StateOf(word) != CircuitState.Open)
        {
            return null;
        }

        var remaining = _break.EndsAt - timestamp;
        var frequency = _time.TimestampFrequency;
        return TimeSpan.FromSeconds(Math.Max(1, (remaining + frequency - 1) / frequency));
    }

    /// <summary>Opens the circuit for <paramref name="reason"/> if it is still in the closed period <paramref name="word"/>: only the first caller of a period trips.</summary>
    public void TripIfStill(int word, string reason)
    {
        lock (_gate)
        {
            if (_stateWord == word)
            {
                Trip_NeedsLock(reason);
            }
        }

        Publish();
    }

    /// <summary>Forces the circuit open until <see cref="Reset"/>.</summary>
    public void Isolate()
    {
        lock (_gate)
        {
            Isolate_NeedsLock();
        }

        Publish();
    }

    /// <summary>Forces the circuit closed, measured but never tripped, until <see cref="Reset"/>.</summary>
    public void Disable()
    {
        lock (_gate)
        {
            Disable_NeedsLock();
        }

        Publish();
    }

    /// <summary>Closes the circuit and clears the counts of the current period (<see cref="Reset_NeedsLock"/>).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            Reset_NeedsLock();
        }

        Publish();
    }

    /// <summary>Resizes the health window to a reloaded sampling duration (it restarts only if the length changed).</summary>
    public void ResizeWindow(TimeSpan samplingDuration)
    {
        lock (_gate)
        {
            _health.Resize_NeedsLock(samplingDuration);
        }
    }

    /// <summary>Hands the telemetry left in the ring to its subscribers; never under the lock.</summary>
    public void Publish()
    {
        // Checked in every Debug test run: a publish under the breaker's lock fails the test host.
        Debug.Assert(!_gate.IsHeldByCurrentThread, "Circuit events must be published after the breaker's lock is released.");
        _telemetry.Publish();
    }

    /// <summary>Half-opens the circuit if it is still in the open period <paramref name="word"/>; returns the current word.</summary>
    public int HalfOpenIfStill(int word)
    {
        lock (_gate)
        {
            if (_stateWord == word)
            {
                EnterHalfOpen_NeedsLock();
            }

            word = _stateWord;
        }

        Publish();
        return word;
    }

    /// <summary>
    /// Takes a probe slot of the half-open period <paramref name="word"/>. False with <paramref name="word"/> unchanged:
    /// no slot free; false with another word: the state moved on, decide again.
    /// </summary>
    public bool TryTakeProbe(ref int word, out long start)
    {
        lock (_gate)
        {
            start = _time.GetTimestamp();
            if (_stateWord != word)
            {
                word = _stateWord;
                return false;
            }

            return _probes.TryTake_NeedsLock(start);
        }
    }

    /// <summary>Lets the outcome of a probe close or reopen the circuit; takes the lock and publishes after it.</summary>
    public void EndProbe(in CircuitPermit permit, CallResult result, bool slow, long now)
    {
        lock (_gate)
        {
            // A probe of an earlier period, or one past its deadline (its slot given away), decides nothing.
            if (_stateWord != permit.StateWord || !_probes.TryEnd_NeedsLock(permit.Timestamp, now))
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
            else if (result == CallResult.Success && _probes.Succeed_NeedsLock() >= _probes.Limit)
            {
                Close_NeedsLock(recovered: true, $"{_probes.Succeeded} half-open probe(s) succeeded");
            }
        }

        Publish();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _break.Dispose();
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
        lock (_gate)
        {
            if (_disposed || StateOf(_stateWord) != CircuitState.Open || !_break.IsOver_NeedsLock(_time.GetTimestamp()))
            {
                return;
            }

            EnterHalfOpen_NeedsLock();
        }

        Publish();
    }
}
