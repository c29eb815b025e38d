namespace Xnai.ServiceDefaults.Resilience;

/// <summary>Bounded ring of the most recent events; the oldest entry is overwritten when full.</summary>
internal sealed class EventRing(int capacity)
{
    private readonly CircuitEvent[] _items = new CircuitEvent[capacity];
    private readonly Lock _gate = new();
    private int _next;
    private int _count;

    public void Add(CircuitEvent item)
    {
        lock (_gate)
        {
            _items[_next] = item;
            _next = (_next + 1) % _items.Length;
            _count = Math.Min(_count + 1, _items.Length);
        }
    }

    /// <summary>Returns the events oldest first.</summary>
    public CircuitEvent[] ToArray()
    {
        lock (_gate)
        {
            var result = new CircuitEvent[_count];
            var start = (_next - _count + _items.Length) % _items.Length;
            for (var i = 0; i < _count; i++)
            {
                result[i] = _items[(start + i) % _items.Length];
            }

            return result;
        }
    }
}
