using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Xnai.ServiceDefaults.Resilience;

// State changes (always under _gate) and the events they emit.
public sealed partial class CircuitBreaker
{
    private const string TransitionActivityEvent = "circuit_breaker.transition";
    private const int MaxMessageLength = 160;

    private void Trip(string reason)
    {
        var now = _time.GetTimestamp();
        _tripStreak++;
        Interlocked.Increment(ref _trips);
        var duration = BreakDurationFor(_options, _tripStreak);
        Volatile.Write(ref _halfOpenAt, now + ToTimestampTicks(duration));
        if (!_inOutage)
        {
            _inOutage = true;
            _outageStart = now;
        }

        _openedAt = _time.GetUtcNow();
        _probesStarted = 0;
        _probesSucceeded = 0;
        Transition(CircuitState.Open, $"{reason}; half-open in {duration.TotalSeconds:0.###} s");
        ScheduleHalfOpen(duration);
    }

    private void EnterHalfOpen()
    {
        _probesStarted = 0;
        _probesSucceeded = 0;
        Transition(CircuitState.HalfOpen, "break duration elapsed");
    }

    private void Close(bool recovered, string reason)
    {
        if (recovered && _inOutage)
        {
            var seconds = _time.GetElapsedTime(_outageStart).TotalSeconds;
            Interlocked.Increment(ref _recoveries);
            _recoveryTime?.Record(seconds, new KeyValuePair<string, object?>(CircuitBreakerInstruments.ServiceTag, Name));
        }

        ClearPeriodCounts();
        _inOutage = false;
        _openedAt = null;
        Transition(CircuitState.Closed, reason);
    }

    private void ClearPeriodCounts()
    {
        _tripStreak = 0;
        _probesStarted = 0;
        _probesSucceeded = 0;
        Interlocked.Exchange(ref _consecutiveFailures, 0);
        _window.Clear();
    }

    private static TimeSpan BreakDurationFor(CircuitBreakerOptions options, int tripStreak)
    {
        if (options.BreakDurationMultiplier <= 1 || tripStreak <= 1)
        {
            return options.BreakDuration;
        }

        var cap = Math.Max(options.MaxBreakDuration.TotalSeconds, options.BreakDuration.TotalSeconds);
        var seconds = options.BreakDuration.TotalSeconds * Math.Pow(options.BreakDurationMultiplier, tripStreak - 1);
        return TimeSpan.FromSeconds(Math.Min(seconds, cap));
    }

    private void Transition(CircuitState to, string reason)
    {
        var from = State;
        var next = (((_stateWord >> StateBits) + 1) << StateBits) | (int)to;
        _stateWord = next;
        var at = _time.GetUtcNow();
        _lastTransition = new CircuitTransition(at, from, to);

        FlushRejections(from, at);

        // Logged and published under the lock so every observer sees transitions in order; nothing here awaits.
        var level = to is CircuitState.Open or CircuitState.Isolated ? LogLevel.Warning : LogLevel.Information;
        CircuitBreakerLog.Transition(_logger, level, Name, CircuitStateNames.ToWire(from), CircuitStateNames.ToWire(to), reason);
        Emit(new CircuitEvent(at, Name, CircuitEventKinds.Transition, from, to, reason));
        Activity.Current?.AddEvent(new ActivityEvent(TransitionActivityEvent, at, new ActivityTagsCollection
        {
            ["circuit_breaker.name"] = Name,
            ["circuit_breaker.from"] = CircuitStateNames.ToWire(from),
            ["circuit_breaker.to"] = CircuitStateNames.ToWire(to),
            ["circuit_breaker.reason"] = reason,
        }));
    }

    // Rejections are summarised once per open, half-open or isolated period instead of one line each.
    private void FlushRejections(CircuitState from, DateTimeOffset at)
    {
        var count = Interlocked.Exchange(ref _periodRejections, 0);
        if (count == 0)
        {
            return;
        }

        var state = CircuitStateNames.ToWire(from);
        CircuitBreakerLog.Rejections(_logger, Name, count, state);
        Emit(new CircuitEvent(at, Name, CircuitEventKinds.Rejections, from, null, count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    private void RecordFailure(Exception? exception, int failCount)
    {
        var at = _time.GetUtcNow();
        var type = exception?.GetType().Name ?? "result";
        var message = exception is null ? "The result was classified as a failure." : Shorten(exception.Message);
        _lastFailure = new CircuitFailure(at, type, message);
        CircuitBreakerLog.Failure(_logger, Name, type, failCount);
        Emit(new CircuitEvent(at, Name, CircuitEventKinds.Failure, null, null, type));
    }

    private void Emit(CircuitEvent item)
    {
        _events.Add(item);
        _hub?.Publish(item);
    }

    private void ScheduleHalfOpen(TimeSpan dueTime)
    {
        if (_disposed)
        {
            return;
        }

        if (_timer is not null)
        {
            _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
            return;
        }

        // The timer must not capture the tripping call's ExecutionContext (its Activity, its scope).
        var restoreFlow = !ExecutionContext.IsFlowSuppressed();
        if (restoreFlow)
        {
            ExecutionContext.SuppressFlow();
        }

        try
        {
            _timer = _time.CreateTimer(static state => ((CircuitBreaker)state!).OnBreakElapsed(), this, dueTime, Timeout.InfiniteTimeSpan);
        }
        finally
        {
            if (restoreFlow)
            {
                ExecutionContext.RestoreFlow();
            }
        }
    }

    private void OnBreakElapsed()
    {
        lock (_gate)
        {
            if (State != CircuitState.Open || _disposed)
            {
                return;
            }

            var remaining = Volatile.Read(ref _halfOpenAt) - _time.GetTimestamp();
            if (remaining > 0)
            {
                // Timers may fire a little early; wait for the rest.
                _timer?.Change(ToTimeSpan(remaining) + TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
                return;
            }

            EnterHalfOpen();
        }
    }

    // First line only, bounded length: the message travels to health payloads and dashboards.
    private static string Shorten(string message)
    {
        var line = message.AsSpan();
        var newline = line.IndexOfAny('\r', '\n');
        if (newline >= 0)
        {
            line = line[..newline];
        }

        return line.Length <= MaxMessageLength ? line.ToString() : string.Concat(line[..(MaxMessageLength - 1)], "…");
    }
}
