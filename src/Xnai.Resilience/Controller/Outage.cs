namespace Xnai.Resilience;

/// <summary>
/// One outage: from the first trip to the recovery, across re-trips. Drives the break backoff (trips in a row),
/// the recovery-time histogram and <c>OpenedAt</c>. Guarded by the state machine's lock.
/// </summary>
internal sealed class Outage(TimeProvider time)
{
    private bool _active;
    private long _start;

    /// <summary>Trips since the last recovery or reset.</summary>
    public int TripStreak { get; private set; }

    public DateTimeOffset? OpenedAt { get; private set; }

    /// <summary>Counts a trip at <paramref name="now"/>; returns the trips in a row.</summary>
    public int Trip_NeedsLock(long now)
    {
        if (!_active)
        {
            _active = true;
            _start = now;
        }

        OpenedAt = time.GetUtcNow();
        return ++TripStreak;
    }

    /// <summary>An operator override interrupts the outage: no recovery will be measured for it.</summary>
    public void Interrupt_NeedsLock(bool keepOpenedAt)
    {
        _active = false;
        OpenedAt = keepOpenedAt ? OpenedAt ?? time.GetUtcNow() : null;
    }

    /// <summary>Ends the outage; returns its length if it was one (an automatic recovery), else null.</summary>
    public TimeSpan? End_NeedsLock()
    {
        TimeSpan? length = _active ? time.GetElapsedTime(_start) : null;
        _active = false;
        TripStreak = 0;
        OpenedAt = null;
        return length;
    }
}
