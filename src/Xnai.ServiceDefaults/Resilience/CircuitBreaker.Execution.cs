using System.Diagnostics;

namespace Xnai.ServiceDefaults.Resilience;

// The call path: acquire a permit, run the call, report its outcome.
public sealed partial class CircuitBreaker
{
    private const string RejectedActivityEvent = "circuit_breaker.rejected";

    /// <summary>Decides whether a call may run. Closed path: one volatile read and one interlocked increment.</summary>
    internal CircuitPermit Acquire()
    {
        var word = _stateWord;
        if (StateOf(word) is CircuitState.Closed or CircuitState.Disabled)
        {
            Interlocked.Increment(ref _totalCalls);
            return new CircuitPermit(CircuitPermitKind.Call, word, CallStart());
        }

        return AcquireSlow(word);
    }

    /// <summary>Records the outcome of a call that was let through.</summary>
    internal void Complete(in CircuitPermit permit, CallResult result, Exception? exception)
    {
        if (permit.Kind == CircuitPermitKind.Probe)
        {
            CompleteProbe(permit, result, exception);
            return;
        }

        if (result == CallResult.Ignored)
        {
            return;
        }

        var options = _options;
        var now = _time.GetTimestamp();
        var slow = IsSlow(permit, now, options);
        // A late outcome from an earlier period only feeds the lifetime totals.
        var current = SameGeneration(permit.StateWord, _stateWord);

        if (result == CallResult.Success)
        {
            if (!current)
            {
                return;
            }

            if (Volatile.Read(ref _consecutiveFailures) != 0)
            {
                Interlocked.Exchange(ref _consecutiveFailures, 0);
            }

            _window.Record(now, failure: false, slow);
            if (slow)
            {
                EvaluateRatios(permit.StateWord, now, options);
            }

            return;
        }

        Interlocked.Increment(ref _totalFailures);
        var count = current ? Interlocked.Increment(ref _consecutiveFailures) : Volatile.Read(ref _consecutiveFailures);
        RecordFailure(exception, count);
        if (!current)
        {
            return;
        }

        _window.Record(now, failure: true, slow);
        if (options.ConsecutiveFailures > 0 && count >= options.ConsecutiveFailures)
        {
            TryTrip(permit.StateWord, $"{count} consecutive failures");
        }
        else
        {
            EvaluateRatios(permit.StateWord, now, options);
        }
    }

    /// <summary>
    /// The exception for a rejected call: one instance per open period and whole second of retry-after,
    /// so a storm of rejections allocates nothing.
    /// </summary>
    internal CircuitBrokenException GetRejection(in CircuitPermit permit)
    {
        TimeSpan? retryAfter = null;
        if (StateOf(permit.StateWord) == CircuitState.Open)
        {
            var remaining = Volatile.Read(ref _halfOpenAt) - permit.Timestamp;
            var seconds = Math.Max(1, (remaining + _time.TimestampFrequency - 1) / _time.TimestampFrequency);
            retryAfter = TimeSpan.FromSeconds(seconds);
        }

        var cached = _rejection;
        if (cached is not null && cached.Generation == permit.StateWord && cached.RetryAfter == retryAfter)
        {
            return cached;
        }

        var created = CircuitBrokenException.Create(Name, retryAfter, permit.StateWord);
        _rejection = created;
        return created;
    }

    private long CallStart() => _options.SlowCallRatio > 0 ? _time.GetTimestamp() : 0;

    private bool IsSlow(in CircuitPermit permit, long now, CircuitBreakerOptions options) =>
        options.SlowCallRatio > 0 && permit.Timestamp != 0 && _time.GetElapsedTime(permit.Timestamp, now) >= options.SlowCallThreshold;

    private CircuitPermit AcquireSlow(int word)
    {
        while (true)
        {
            switch (StateOf(word))
            {
                case CircuitState.Closed or CircuitState.Disabled:
                    Interlocked.Increment(ref _totalCalls);
                    return new CircuitPermit(CircuitPermitKind.Call, word, CallStart());

                case CircuitState.Open:
                    var now = _time.GetTimestamp();
                    if (now < Volatile.Read(ref _halfOpenAt))
                    {
                        return Reject(word, now);
                    }

                    // The break is over but the timer has not fired yet: half-open now.
                    lock (_gate)
                    {
                        if (_stateWord == word)
                        {
                            EnterHalfOpen();
                        }

                        word = _stateWord;
                    }

                    break;

                case CircuitState.HalfOpen:
                    lock (_gate)
                    {
                        if (_stateWord != word)
                        {
                            word = _stateWord;
                            break;
                        }

                        if (_probesStarted < _options.HalfOpenProbes)
                        {
                            _probesStarted++;
                            Interlocked.Increment(ref _totalCalls);
                            return new CircuitPermit(CircuitPermitKind.Probe, word, _time.GetTimestamp());
                        }
                    }

                    return Reject(word, 0);

                default:
                    return Reject(word, 0);
            }
        }
    }

    private CircuitPermit Reject(int word, long now)
    {
        Interlocked.Increment(ref _totalRejections);
        Interlocked.Increment(ref _periodRejections);
        Activity.Current?.AddEvent(new ActivityEvent(RejectedActivityEvent, tags: _rejectionTags));
        return new CircuitPermit(CircuitPermitKind.Rejected, word, now);
    }

    private void CompleteProbe(in CircuitPermit permit, CallResult result, Exception? exception)
    {
        var now = _time.GetTimestamp();
        var slow = result == CallResult.Success && IsSlow(permit, now, _options);
        if (result == CallResult.Failure)
        {
            Interlocked.Increment(ref _totalFailures);
            RecordFailure(exception, Interlocked.Increment(ref _consecutiveFailures));
        }

        lock (_gate)
        {
            if (_stateWord != permit.StateWord)
            {
                return;
            }

            switch (result)
            {
                case CallResult.Ignored:
                    _probesStarted--;
                    break;
                case CallResult.Failure:
                    Trip("half-open probe failed");
                    break;
                case CallResult.Success when slow:
                    Trip("half-open probe was slow");
                    break;
                default:
                    if (++_probesSucceeded >= _options.HalfOpenProbes)
                    {
                        Close(recovered: true, $"{_probesSucceeded} half-open probe(s) succeeded");
                    }

                    break;
            }
        }
    }

    private void EvaluateRatios(int word, long now, CircuitBreakerOptions options)
    {
        if (options.FailureRatio <= 0 && options.SlowCallRatio <= 0)
        {
            return;
        }

        var counts = _window.Sum(now);
        if (counts.Calls < options.MinimumThroughput)
        {
            return;
        }

        if (options.FailureRatio > 0 && counts.FailureRate > options.FailureRatio)
        {
            TryTrip(word, $"failure ratio {counts.FailureRate:0.###} above {options.FailureRatio:0.###} over {counts.Calls} calls");
        }
        else if (options.SlowCallRatio > 0 && counts.SlowCallRate > options.SlowCallRatio)
        {
            TryTrip(word, $"slow-call ratio {counts.SlowCallRate:0.###} above {options.SlowCallRatio:0.###} over {counts.Calls} calls");
        }
    }

    private void TryTrip(int word, string reason)
    {
        lock (_gate)
        {
            // Only the first caller of this closed period trips; disabled circuits never do.
            if (_stateWord == word && StateOf(word) == CircuitState.Closed)
            {
                Trip(reason);
            }
        }
    }
}
