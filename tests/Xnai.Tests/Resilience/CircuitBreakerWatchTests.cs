using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xnai.Resilience;

namespace Xnai.Tests.Resilience;

// The live event stream (chatapi's /api/circuits/stream): bounded per subscriber, never in the way of a transition.
[Trait("Category", "Unit")]
public sealed class CircuitBreakerWatchTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly CircuitBreakerRegistry _registry;

    public CircuitBreakerWatchTests()
    {
        var options = new OptionsMonitor(new CircuitBreakerOptions { ConsecutiveFailures = 1, BreakDuration = TimeSpan.FromSeconds(30) });
        _registry = new CircuitBreakerRegistry(options, _time, NullLoggerFactory.Instance);
    }

    public void Dispose() => _registry.Dispose();

    [Fact]
    public async Task Watch_StalledSubscriber_NeverBlocksTransitionsAndGetsTheNewestInOrder()
    {
        var breaker = _registry.GetOrAdd("rag_api");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var watch = _registry.WatchAsync(cancellation.Token).GetAsyncEnumerator(cancellation.Token);
        var first = watch.MoveNextAsync();

        // 2,000 transitions while the subscriber reads nothing: each completes, none waits for the reader.
        for (var i = 0; i < 1_000; i++)
        {
            breaker.Isolate();
            breaker.Reset();
        }

        Assert.Equal(CircuitState.Closed, breaker.State);
        var last = breaker.GetRecentEvents()[^1];
        Assert.True(await first);
        var received = new List<CircuitEvent> { watch.Current };
        while (!ReferenceEquals(received[^1], last))
        {
            Assert.True(await watch.MoveNextAsync());
            received.Add(watch.Current);
        }

        // The reader got what it had taken before it stalled plus the newest 256 at most: older ones were dropped.
        // Past the first, the buffered run has no gap (isolate and reset alternate) and ends with the newest.
        Assert.InRange(received.Count, 2, CircuitEventHubCapacity + 1);
        var buffered = received.Skip(1).ToList();
        Assert.All(buffered.Zip(buffered.Skip(1)), pair => Assert.NotEqual(pair.First.To, pair.Second.To));
        Assert.All(received.Zip(received.Skip(1)), pair => Assert.True(pair.First.At <= pair.Second.At));
    }

    [Fact]
    public async Task Watch_FailureAndTrip_ArriveInTheOrderTheyHappened()
    {
        var breaker = _registry.GetOrAdd("redis");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var watch = breaker.WatchAsync(cancellation.Token).GetAsyncEnumerator(cancellation.Token);
        var first = watch.MoveNextAsync();
        var pipeline = new Polly.ResiliencePipelineBuilder<int>().AddXnaiCircuitBreaker(breaker).Build();

        await Assert.ThrowsAsync<IOException>(() => pipeline.ExecuteAsync<int>(_ => throw new IOException()).AsTask());
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.True(await first);
        var kinds = new List<string> { $"{watch.Current.Kind}:{watch.Current.To}" };
        for (var i = 0; i < 2; i++)
        {
            Assert.True(await watch.MoveNextAsync());
            kinds.Add($"{watch.Current.Kind}:{watch.Current.To}");
        }

        Assert.Equal(["failure:", "transition:Open", "transition:HalfOpen"], kinds);
    }

    // The hub's per-subscriber bound (CircuitEventHub.SubscriberCapacity); internal, so restated here.
    private const int CircuitEventHubCapacity = 256;

    private sealed class OptionsMonitor(CircuitBreakerOptions value) : IOptionsMonitor<CircuitBreakerOptions>
    {
        public CircuitBreakerOptions CurrentValue => value;

        public CircuitBreakerOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<CircuitBreakerOptions, string?> listener) => null;
    }
}
