namespace Xnai.ChatApi.Sessions;

/// <summary>
/// Turns that could not be written while Redis was unavailable, kept in arrival order until the flusher writes them.
/// Bounded in turns and in bytes: past either a turn is refused and counted (metric and /health), never dropped silently.
/// A per-session index answers <see cref="ForSession"/> without scanning the whole buffer. <see cref="IsOverflowing"/>
/// clears once the buffer has drained; <see cref="Overflowed"/> only ever grows (it feeds a counter metric).
/// </summary>
public sealed class PendingTurnBuffer(int capacity, long maxBytes = PendingTurnBuffer.DefaultMaxBytes)
{
    /// <summary>Byte bound when none is given (the <see cref="ChatOptions.PendingTurnMaxBytes"/> default).</summary>
    public const long DefaultMaxBytes = 32L * 1024 * 1024;

    private readonly Lock _gate = new();
    private readonly Queue<ConversationTurn> _queue = new();
    private readonly Dictionary<string, Queue<ConversationTurn>> _bySession = new(StringComparer.Ordinal);
    private long _bytes;
    private long _overflowed;
    private bool _overflowing;

    /// <summary>Most turns held at once.</summary>
    public int Capacity { get; } = capacity;

    /// <summary>Most bytes (estimated from the strings held) held at once.</summary>
    public long MaxBytes { get; } = maxBytes;

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

    /// <summary>Estimated bytes held.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>Turns refused because the buffer was full (lost), since start; monotonic.</summary>
    public long Overflowed => Interlocked.Read(ref _overflowed);

    /// <summary>True from a refusal until the buffer has drained completely.</summary>
    public bool IsOverflowing
    {
        get
        {
            lock (_gate)
            {
                return _overflowing;
            }
        }
    }

    /// <summary>Queues <paramref name="turns"/> in order; returns how many did not fit.</summary>
    public int Enqueue(IReadOnlyList<ConversationTurn> turns)
    {
        var refused = 0;
        lock (_gate)
        {
            foreach (var turn in turns)
            {
                var size = SizeOf(turn);
                if (_queue.Count >= Capacity || _bytes + size > MaxBytes)
                {
                    refused++;
                    continue;
                }

                _queue.Enqueue(turn);
                _bytes += size;
                if (!_bySession.TryGetValue(turn.SessionId, out var session))
                {
                    _bySession[turn.SessionId] = session = new Queue<ConversationTurn>();
                }

                session.Enqueue(turn);
            }

            _overflowing |= refused > 0;
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
                var turn = _queue.Dequeue();
                _bytes -= SizeOf(turn);

                // A session's turns keep their global order, so its oldest is this one.
                var session = _bySession[turn.SessionId];
                session.Dequeue();
                if (session.Count == 0)
                {
                    _bySession.Remove(turn.SessionId);
                }
            }

            if (_queue.Count == 0)
            {
                _overflowing = false;
            }
        }
    }

    /// <summary>Pending turns of one session, oldest first.</summary>
    public IReadOnlyList<ConversationTurn> ForSession(string sessionId)
    {
        lock (_gate)
        {
            return _bySession.TryGetValue(sessionId, out var session) ? [.. session] : [];
        }
    }

    // UTF-16 strings plus a fixed overhead for the record and its queue slots.
    internal static long SizeOf(ConversationTurn turn) =>
        (2L * (turn.Id.Length + turn.SessionId.Length + turn.Role.Length + turn.Text.Length)) + 96;
}
