namespace Xnai.Resilience;

/// <summary>
/// The call path of one breaker: permits, outcomes, probes, and the trip decision of the rules. State changes go
/// to the <see cref="CircuitStateMachine"/>.
/// </summary>
/// <remarks>
/// Closed and rejected calls take no lock: one volatile read of the state word and interlocked counters. Probes
/// and trips go through the state machine, which takes its own lock (never across an await) and publishes the
/// telemetry a transition left after releasing it.
/// </remarks>
internal sealed class CircuitController : IDisposable
{
    private readonly TimeProvider _time;
    private readonly CircuitTelemetry _telemetry;
    private volatile CircuitBreakerOptions _options;
    private volatile TripRules _rules;
    // Calls are timed only while the slow-call rule is on: a clock read saved on every closed call otherwise.
    private volatile bool _timeCalls;

    public CircuitController(CircuitBreakerOptions options, TimeProvider time, CircuitTelemetry telemetry)
    {
        _time = time;
        _telemetry = telemetry;
        _options = options;
        _rules = new TripRules(options);
        _timeCalls = _rules.SlowCallRatio.IsOn;
        Health = new CircuitHealth(options.SamplingDuration, time.TimestampFrequency);
        States = new CircuitStateMachine(time, telemetry, Counters, Health, () => _options);
    }

    public CircuitCounters Counters { get; } = new();

    public CircuitHealth Health { get; }

    public CircuitStateMachine States { get; }

    public CircuitState State => CircuitStateMachine.StateOf(States.StateWord);

    public CircuitBreakerOptions Options => _options;

    /// <summary>Decides whether a call may run. Closed path: one volatile read and one interlocked increment.</summary>
    public CircuitPermit Acquire()
    {
        var word = States.StateWord;
        if (CircuitStateMachine.StateOf(word) is CircuitState.Closed or CircuitState.Disabled)
        {
            Counters.Call();
            return new CircuitPermit(CircuitPermitKind.Call, word, CallStart());
        }

        return AcquireSlow(word);
    }

    /// <summary>
    /// Records the outcome of a call that was let through; <paramref name="localWait"/>, when given, is left out of the
    /// time the slow-call rule judges (<see cref="CircuitBreakerProperties.LocalWait"/>).
    /// </summary>
    public void Complete(in CircuitPermit permit, CallResult result, Exception? exception, TimeSpan? localWait = null)
    {
        if (permit.Kind == CircuitPermitKind.Probe)
        {
            CompleteProbe(permit, result, exception, localWait);
            return;
        }

        if (result == CallResult.Ignored)
        {
            return;
        }

        var rules = _rules;
        var now = _time.GetTimestamp();
        var slow = permit.Timestamp != 0 && rules.SlowCallRatio.IsSlow(Judged(permit, now, localWait));
        var failure = result == CallResult.Failure;
        // A late outcome from an earlier period only feeds the lifetime totals.
        var current = CircuitStateMachine.SameGeneration(permit.StateWord, States.StateWord);
        var count = 0;
        if (failure)
        {
            Counters.Failure();
            count = current ? Health.AddFailure() : Health.ConsecutiveFailures;
            RecordFailure(exception, count);
        }
        else if (current)
        {
            Health.AddSuccess();
        }

        if (!current)
        {
            return;
        }

        var window = Health.Window;
        window.Record(now, failure, slow);
        if ((failure || slow) && CircuitStateMachine.StateOf(permit.StateWord) == CircuitState.Closed
            && rules.Evaluate(failure, slow, count, window, now) is { } reason)
        {
            // Only the first caller of this closed period trips; disabled circuits never do.
            States.TripIfStill(permit.StateWord, reason);
        }
    }

    /// <summary>Applies reloaded thresholds. State and counts are kept; the window restarts only if its length changed.</summary>
    public void UpdateOptions(CircuitBreakerOptions options)
    {
        States.ResizeWindow(options.SamplingDuration);
        _rules = new TripRules(options);
        _timeCalls = _rules.SlowCallRatio.IsOn;
        _options = options;

        _telemetry.OptionsReloaded(State);
    }

    public void Dispose() => States.Dispose();

    // The call's time since its permit, without the local wait the callback reported.
    private TimeSpan Judged(in CircuitPermit permit, long now, TimeSpan? localWait)
    {
        var elapsed = _time.GetElapsedTime(permit.Timestamp, now);
        return localWait is { } wait && wait > TimeSpan.Zero ? (wait < elapsed ? elapsed - wait : TimeSpan.Zero) : elapsed;
    }

    private long CallStart() => _timeCalls ? _time.GetTimestamp() : 0;

    private CircuitPermit AcquireSlow(int word)
    {
        while (true)
        {
            switch (CircuitStateMachine.StateOf(word))
            {
                case CircuitState.Closed or CircuitState.Disabled:
                    Counters.Call();
                    return new CircuitPermit(CircuitPermitKind.Call, word, CallStart());

                case CircuitState.Open:
                    var now = _time.GetTimestamp();
                    if (now < States.BreakEndsAt)
                    {
                        return Reject(word, now);
                    }

                    // The break is over (exactly at its end included) but the timer has not fired yet: half-open now.
                    word = States.HalfOpenIfStill(word);
                    break;

                case CircuitState.HalfOpen:
                    var seen = word;
                    if (States.TryTakeProbe(ref word, out var start))
                    {
                        Counters.Call();
                        return new CircuitPermit(CircuitPermitKind.Probe, word, start);
                    }

                    if (word == seen)
                    {
                        return Reject(word, 0);
                    }

                    break;

                default:
                    return Reject(word, 0);
            }
        }
    }

    private CircuitPermit Reject(int word, long now)
    {
        Counters.Rejection();
        _telemetry.Rejected();
        return new CircuitPermit(CircuitPermitKind.Rejected, word, now);
    }

    private void CompleteProbe(in CircuitPermit permit, CallResult result, Exception? exception, TimeSpan? localWait)
    {
        var now = _time.GetTimestamp();
        var slow = result == CallResult.Success && _rules.SlowCallRatio.IsSlow(Judged(permit, now, localWait));
        if (result == CallResult.Failure)
        {
            Counters.Failure();
            RecordFailure(exception, Health.AddFailure());
        }

        States.EndProbe(permit, result, slow, now);
    }

    private void RecordFailure(Exception? exception, int failCount)
    {
        Health.LastFailure = _telemetry.Failure(exception, failCount);
        States.Publish();
    }
}
