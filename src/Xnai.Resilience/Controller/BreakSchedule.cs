namespace Xnai.Resilience;

/// <summary>
/// When the current break ends, in timestamp ticks, and the timer that half-opens the circuit then.
/// All arithmetic is exact integer arithmetic on ticks: a call at exactly trip + break is past the break.
/// </summary>
internal sealed class BreakSchedule(TimeProvider time, Action onElapsed) : IDisposable
{
    private long _endsAt;
    private ITimer? _timer;
    private bool _disposed;

    /// <summary>Timestamp at which the break is over (volatile: read without the lock on the rejection path).</summary>
    public long EndsAt => Volatile.Read(ref _endsAt);

    /// <summary>The break after <paramref name="tripStreak"/> trips without a recovery: backoff, capped.</summary>
    public static TimeSpan DurationFor(CircuitBreakerOptions options, int tripStreak)
    {
        if (options.BreakDurationMultiplier <= 1 || tripStreak <= 1)
        {
            return options.BreakDuration;
        }

        var cap = Math.Max(options.MaxBreakDuration.Ticks, options.BreakDuration.Ticks);
        var ticks = options.BreakDuration.Ticks * Math.Pow(options.BreakDurationMultiplier, tripStreak - 1);
        return TimeSpan.FromTicks((long)Math.Min(ticks, cap));
    }

    /// <summary>
    /// Converts a duration to timestamp ticks, rounding down: on a clock whose frequency is not a multiple of
    /// 10 MHz the break may end up to one timestamp tick early, never late.
    /// </summary>
    public long ToTicks(TimeSpan duration) => (long)((Int128)duration.Ticks * time.TimestampFrequency / TimeSpan.TicksPerSecond);

    /// <summary>Converts timestamp ticks to a duration, rounding up (a retry-after is never too short).</summary>
    public TimeSpan ToTimeSpan(long ticks)
    {
        var frequency = time.TimestampFrequency;
        return TimeSpan.FromTicks((long)(((Int128)ticks * TimeSpan.TicksPerSecond + frequency - 1) / frequency));
    }

    public void Start_NeedsLock(long now, TimeSpan duration)
    {
        Volatile.Write(ref _endsAt, now + ToTicks(duration));
        Arm_NeedsLock(duration);
    }

    /// <summary>For the timer callback: true when the break is over; re-arms the timer if it fired early.</summary>
    public bool IsOver_NeedsLock(long now)
    {
        var remaining = EndsAt - now;
        if (remaining <= 0)
        {
            return true;
        }

        Arm_NeedsLock(ToTimeSpan(remaining));
        return false;
    }

    public void Dispose()
    {
        _disposed = true;
        _timer?.Dispose();
        _timer = null;
    }

    private void Arm_NeedsLock(TimeSpan dueTime)
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
            _timer = time.CreateTimer(static state => ((Action)state!)(), onElapsed, dueTime, Timeout.InfiniteTimeSpan);
        }
        finally
        {
            if (restoreFlow)
            {
                ExecutionContext.RestoreFlow();
            }
        }
    }
}
