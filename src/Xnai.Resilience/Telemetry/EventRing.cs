namespace Xnai.Resilience;

/// <summary>
/// Bounded ring of the most recent events; the oldest entry is overwritten when full. Every entry has a sequence
/// number, so the telemetry sink can hand new entries to subscribers later, outside the breaker's lock, in order.
/// </summary>
internal sealed class EventRing(int capacity)
{
    private readonly CircuitEvent[] _items = new CircuitEvent[capacity];
    private readonly Lock _gate = new();
    private long _written;

    public int Capacity => _items.Length;

    /// <summary>Sequence number the next entry will get (= entries ever added).</summary>
    public long Written => Volatile.Read(ref _written);

    public void Add(CircuitEvent item)
    {
        lock (_gate)
        {
            _items[(int)(_written % _items.Length)] = item;
            Volatile.Write(ref _written, _written + 1);
        }
    }

    /// <summary>Reads entry <paramref name="sequence"/> if it has not been overwritten yet.</summary>
    public bool TryGet(long sequence, out CircuitEvent? item)
    {
        lock (_gate)
        {
            if (sequence >= _written || sequence < _written - _items.Length)
            {
                item = null;
                return false;
            }

            item = _items[(int)(sequence % _items.Length)];
            return true;
        }
    }

    /// <summary>Returns the events oldest first.</summary>
    public CircuitEvent[] ToArray()
    {
        lock (_gate)
        {
            var count = (int)Math.Min(_written, _items.Length);
            var result = new CircuitEvent[count];
            for (var i = 0; i < count; i++)
            {
                result[i] = _items[(int)((_written - count + i) % _items.Length)];
            }

            return result;
        }
    }
}
