namespace Xnai.Resilience;

/// <summary>
/// The half-open probe slots of one half-open period. A slot is pending from the probe's start until it reports;
/// a pending probe that has not reported by its deadline loses its slot to the next call, so a probe that hangs
/// or whose outcome is lost cannot wedge the breaker. Guarded by the controller's lock.
/// </summary>
internal sealed class ProbeSlots
{
    private long[] _pending = [];
    private int _pendingCount;
    private int _succeeded;
    private long _deadlineTicks;

    public int Succeeded => _succeeded;

    public int Limit => _pending.Length;

    public void Reset_NeedsLock(int limit, long deadlineTicks)
    {
        if (_pending.Length != limit)
        {
            _pending = new long[limit];
        }

        _pendingCount = 0;
        _succeeded = 0;
        _deadlineTicks = deadlineTicks;
    }

    /// <summary>Takes a free slot, or the slot of a probe past its deadline, for a probe starting at <paramref name="now"/>.</summary>
    public bool TryTake_NeedsLock(long now)
    {
        if (_pendingCount + _succeeded < _pending.Length)
        {
            _pending[_pendingCount++] = now;
            return true;
        }

        for (var i = 0; i < _pendingCount; i++)
        {
            if (now - _pending[i] >= _deadlineTicks)
            {
                _pending[i] = now;
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Ends the probe started at <paramref name="start"/>. Returns false when its deadline has passed (its slot is
    /// given away, or may be): such a late outcome no longer decides the state.
    /// </summary>
    public bool TryEnd_NeedsLock(long start, long now)
    {
        var index = Array.IndexOf(_pending, start, 0, _pendingCount);
        if (index < 0)
        {
            return false;
        }

        _pending[index] = _pending[--_pendingCount];
        return now - start < _deadlineTicks;
    }

    /// <summary>Counts a good probe; its slot stays used so no more than the limit run per half-open period.</summary>
    public int Succeed_NeedsLock() => ++_succeeded;
}
