using Xnai.ChatApi.Sessions;

namespace Xnai.Tests.Chat;

[Trait("Category", "Unit")]
public class PendingTurnBufferTests
{
    private static ConversationTurn Turn(string session, int n) =>
        new($"id-{session}-{n}", session, n % 2 == 0 ? "assistant" : "user", $"text {n}", DateTimeOffset.UnixEpoch.AddSeconds(n), false);

    [Fact]
    public void Buffer_KeepsArrivalOrder_AcrossSessions()
    {
        var buffer = new PendingTurnBuffer(100);
        buffer.Enqueue([Turn("a", 1), Turn("a", 2)]);
        buffer.Enqueue([Turn("b", 1)]);
        buffer.Enqueue([Turn("a", 3)]);

        Assert.Equal(["id-a-1", "id-a-2", "id-b-1", "id-a-3"], buffer.PeekOldest(10).Select(t => t.Id));
        Assert.Equal(["id-a-1", "id-a-2", "id-a-3"], buffer.ForSession("a").Select(t => t.Id));
    }

    [Fact]
    public void Buffer_RemoveOldest_RemovesOnlyWrittenTurns()
    {
        var buffer = new PendingTurnBuffer(100);
        buffer.Enqueue([Turn("a", 1), Turn("a", 2), Turn("a", 3)]);
        buffer.RemoveOldest(2);
        Assert.Equal(["id-a-3"], buffer.PeekOldest(10).Select(t => t.Id));
        Assert.Equal(1, buffer.Count);
    }

    [Fact]
    public void Buffer_Full_RefusesAndCounts_NeverSilently()
    {
        var buffer = new PendingTurnBuffer(3);
        Assert.Equal(0, buffer.Enqueue([Turn("a", 1), Turn("a", 2)]));
        Assert.Equal(1, buffer.Enqueue([Turn("a", 3), Turn("a", 4)]));
        Assert.Equal(2, buffer.Enqueue([Turn("b", 1), Turn("b", 2)]));

        Assert.Equal(3, buffer.Count);
        Assert.Equal(3, buffer.Overflowed);
        Assert.Equal(["id-a-1", "id-a-2", "id-a-3"], buffer.PeekOldest(10).Select(t => t.Id));
    }

    [Fact]
    public async Task Buffer_ConcurrentEnqueues_LoseNothingBelowCapacity()
    {
        var buffer = new PendingTurnBuffer(100_000);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                buffer.Enqueue([Turn($"s{worker}", i)]);
            }
        })));

        Assert.Equal(8000, buffer.Count);
        Assert.Equal(0, buffer.Overflowed);
        for (var worker = 0; worker < 8; worker++)
        {
            Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"id-s{worker}-{i}"), buffer.ForSession($"s{worker}").Select(t => t.Id));
        }
    }

    [Fact]
    public void Buffer_PastItsByteBound_RefusesAndCounts()
    {
        var big = new string('x', 10_000);
        var buffer = new PendingTurnBuffer(1_000, maxBytes: 3 * PendingTurnBuffer.SizeOf(new("id-0", "s", "user", big, DateTimeOffset.UnixEpoch, false)));

        var refused = buffer.Enqueue([.. Enumerable.Range(0, 5).Select(i => new ConversationTurn($"id-{i}", "s", "user", big, DateTimeOffset.UnixEpoch, false))]);

        Assert.Equal(2, refused);
        Assert.Equal(3, buffer.Count);
        Assert.True(buffer.Bytes <= buffer.MaxBytes);
        Assert.True(buffer.IsOverflowing);
    }

    [Fact]
    public void Overflow_ClearsOnceDrained_CounterStaysMonotonic()
    {
        var buffer = new PendingTurnBuffer(2);
        buffer.Enqueue([Turn("a", 1), Turn("b", 1), Turn("a", 2)]);
        Assert.True(buffer.IsOverflowing);

        buffer.RemoveOldest(1);
        Assert.True(buffer.IsOverflowing);
        buffer.RemoveOldest(1);

        Assert.False(buffer.IsOverflowing);
        Assert.Equal(1, buffer.Overflowed);
        Assert.Equal(0, buffer.Bytes);
        Assert.Empty(buffer.ForSession("a"));
        Assert.Empty(buffer.ForSession("b"));
    }

    [Fact]
    public void ForSession_AfterRemovals_ShowsOnlyThatSessionsRemainingTurns()
    {
        var buffer = new PendingTurnBuffer(100);
        buffer.Enqueue([Turn("a", 1), Turn("b", 1), Turn("a", 2), Turn("b", 2)]);

        buffer.RemoveOldest(2);

        Assert.Equal(["id-a-2"], buffer.ForSession("a").Select(t => t.Id));
        Assert.Equal(["id-b-2"], buffer.ForSession("b").Select(t => t.Id));
    }
}
