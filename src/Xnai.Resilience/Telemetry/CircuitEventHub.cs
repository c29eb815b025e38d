using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Xnai.Resilience;

/// <summary>
/// Fans events out to live subscribers (Server-Sent-Events streams). Each subscriber has its own bounded
/// channel that drops its oldest entries when the reader falls behind, so a slow client never blocks a breaker.
/// </summary>
internal sealed class CircuitEventHub
{
    public const int SubscriberCapacity = 256;

    private readonly Lock _gate = new();
    private Channel<CircuitEvent>[] _subscribers = [];

    public int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    public void Publish(CircuitEvent item)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber.Writer.TryWrite(item);
        }
    }

    public async IAsyncEnumerable<CircuitEvent> WatchAsync(string? circuit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<CircuitEvent>(new BoundedChannelOptions(SubscriberCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        Update(current => [.. current, channel]);
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (circuit is null || string.Equals(item.Circuit, circuit, StringComparison.OrdinalIgnoreCase))
                {
                    yield return item;
                }
            }
        }
        finally
        {
            Update(current => [.. current.Where(c => c != channel)]);
        }
    }

    private void Update(Func<Channel<CircuitEvent>[], Channel<CircuitEvent>[]> change)
    {
        lock (_gate)
        {
            Volatile.Write(ref _subscribers, change(_subscribers));
        }
    }
}
