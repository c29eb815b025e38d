namespace Xnai.ChatApi.Sessions;

/// <summary>
/// Turns that could not be written while Redis was unavailable, kept in arrival order until the flusher writes them.
/// Bounded: past capacity a turn is refused and counted (metric and /health), never dropped silently.
/// </summary>
public sealed class PendingTurnBuffer(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Queue<ConversationTurn> _queue = new();
    private long _overflowed;

    /// <summary>Most turns held at once.</summary>
    public int Capacity { get; } = capacity;

    /// <summary>Turns waiting to be written.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Turns refused because the buffer was full (lost), since start.</summary>
    public long Overflowed => Interlocked.Read(ref _overflowed);

    /// <summary>Queues <paramref name="turns"/> in order; returns how many did not fit.</summary>
    public int Enqueue(IReadOnlyList<ConversationTurn> turns)
    {
        var refused = 0;
        lock (_gate)
        {
            foreach (var turn in turns)
            {
                if (_queue.Count >= Capacity)
                {
                    refused++;
                    continue;
                }

                _queue.Enqueue(turn);
            }
        }

        if (refused > 0)
        {
            Interlocked.Add(ref _overflowed, refused);
        }

        return refused;
    }

    /// <summary>The oldest turns, up to <paramref name="max"/>, without removing them.</summary>
    public IReadOnlyList<ConversationTurn> PeekOldest(int max)
    {
        lock (_gate)
        {
            return [.. _queue.Take(max)];
        }
    }

    /// <summary>Removes the <paramref name="count"/> oldest turns (after they were written).</summary>
    public void RemoveOldest(int count)
    {
        lock (_gate)
        {
            for (var i = 0; i < count && _queue.Count > 0; i++)
            {
                _queue.Dequeue();
            }
        }
    }

    /// <summary>Pending turns of one session, oldest first.</summary>
    public IReadOnlyList<ConversationTurn> ForSession(string sessionId)
    {
        lock (_gate)
        {
            return [.. _queue.Where(t => t.SessionId == sessionId)];
        }
    }
}
