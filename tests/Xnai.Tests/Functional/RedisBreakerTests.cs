using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Xnai.ChatApi.Chat;
using Xnai.ChatApi.Sessions;

namespace Xnai.Tests.Functional;

/// <summary>
/// The Redis breaker and the session buffer through chatapi's real Redis client and pipeline, with the link to a real
/// redis-server cut: 5 consecutive failed commands open the breaker for 15 s; turns answered meanwhile are buffered and
/// written, in order and once each, when Redis is back.
/// </summary>
[Trait("Category", "Unit")]
[Trait("Category", "Functional")]
public sealed class RedisBreakerTests : IAsyncLifetime
{
    private const string Breaker = "redis";
    private static readonly TimeSpan Break = TimeSpan.FromSeconds(15);

    private FunctionalHost _host = null!;

    public async Task InitializeAsync() => _host = await FunctionalHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task FifthFailure_Opens_ForFifteenSeconds_ThenTheProbeCloses()
    {
        var session = SessionIds.New();
        Assert.False((await _host.ChatAsync("Before the outage", session)).Degraded);
        await _host.CutRedisAsync();

        // A chat reads the history (1 command) and, while nothing is pending, writes its turns (1 more); once turns are
        // pending, new ones queue behind them without a command. So the failures go 2, 3, 4, 5.
        foreach (var failures in new[] { 2, 3, 4 })
        {
            AssertSessionStoreDegraded(await _host.ChatAsync($"During the outage ({failures})", session));
            Assert.Equal(("closed", failures), await StateAsync());
        }

        AssertSessionStoreDegraded(await _host.ChatAsync("The fifth failure", session));
        var opened = await _host.CircuitAsync(Breaker);
        Assert.Equal(("open", 5, 1, 15.0), (opened.State, opened.FailCount, opened.Trips, opened.RetryAfterSeconds));

        // Open: the read is refused by the breaker, not sent; the answer still comes from the knowledge base.
        await _host.RestoreRedisAsync();
        _host.Advance(Break - TimeSpan.FromTicks(1));
        AssertSessionStoreDegraded(await _host.ChatAsync("One tick early", session));
        var refused = await _host.CircuitAsync(Breaker);
        Assert.Equal(("open", 5, opened.TotalCalls, opened.TotalRejections + 1), (refused.State, refused.TotalFailures, refused.TotalCalls, refused.TotalRejections));

        _host.Advance(TimeSpan.FromTicks(1));
        await _host.ChatAsync("On time", session);
        var closed = await _host.CircuitAsync(Breaker);
        Assert.Equal(("closed", 0, opened.TotalCalls + 1), (closed.State, closed.FailCount, closed.TotalCalls));
    }

    [Fact]
    public async Task TurnsAnsweredWhileRedisIsDown_AreWrittenInOrder_OnceEach_WhenItReturns()
    {
        var (a, b) = (SessionIds.New(), SessionIds.New());
        await _host.ChatAsync("a0", a);
        await _host.CutRedisAsync();
        string[] during = ["a1", "b1", "a2", "b2", "a3"];
        foreach (var message in during)
        {
            AssertSessionStoreDegraded(await _host.ChatAsync(message, message[0] == 'a' ? a : b));
        }

        // Unreadable meanwhile: the session shows its pending turns only, and says so.
        var whileDown = await _host.SessionAsync(a);
        Assert.Equal((true, 6), (whileDown.Degraded, whileDown.PendingTurns));
        Assert.Equal(["a1", "a2", "a3"], UserTexts(whileDown.Turns));
        Assert.Equal("open", (await _host.CircuitAsync(Breaker)).State);

        // Back: the flusher's next tick (past the 15 s break) writes everything, the first write being the probe.
        await _host.RestoreRedisAsync();
        _host.Advance(FunctionalHost.FlushInterval);
        // Waits on the buffer itself: a session read meanwhile could take the half-open probe from the flusher.
        var buffer = _host.App.Services.GetRequiredService<PendingTurnBuffer>();
        await FunctionalHost.UntilAsync(() => buffer.Count == 0, "the pending turns were not written");

        var sessionA = await _host.SessionAsync(a);
        var sessionB = await _host.SessionAsync(b);
        Assert.Equal((false, 0), (sessionA.Degraded, sessionA.PendingTurns));
        Assert.Equal(["a0", "a1", "a2", "a3"], UserTexts(sessionA.Turns));
        Assert.Equal(["b1", "b2"], UserTexts(sessionB.Turns));
        Assert.All([sessionA, sessionB], s => Assert.Equal(
            Enumerable.Range(0, s.Turns.Count).Select(i => i % 2 == 0 ? "user" : "assistant"),
            s.Turns.Select(t => t.Role)));

        // What Redis holds, read past chatapi (whose read would hide a duplicate): exactly those turns, once each.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_host.RedisServer);
        Assert.Equal(sessionA.Turns.Select(t => t.Id), await StoredIdsAsync(redis, a));
        Assert.Equal(sessionB.Turns.Select(t => t.Id), await StoredIdsAsync(redis, b));
        Assert.Equal(("closed", 0), await StateAsync());
    }

    private static IEnumerable<string> UserTexts(IEnumerable<ConversationTurn> turns) =>
        turns.Where(t => t.Role == "user").Select(t => t.Text);

    // The session's list as SessionStore writes it: one JSON turn per element, oldest first.
    private static async Task<IEnumerable<string>> StoredIdsAsync(IConnectionMultiplexer redis, string sessionId) =>
        (await redis.GetDatabase().ListRangeAsync($"xnai:session:{{{sessionId}}}:turns"))
            .Select(v => JsonSerializer.Deserialize<ConversationTurn>(v.ToString(), JsonSerializerOptions.Web)!.Id);

    private async Task<(string State, int FailCount)> StateAsync()
    {
        var breaker = await _host.CircuitAsync(Breaker);
        return (breaker.State, breaker.FailCount);
    }

    /// <summary>Answered from the knowledge base; only the conversation memory is degraded.</summary>
    private static void AssertSessionStoreDegraded(ChatResponse answer)
    {
        Assert.Equal((FunctionalHost.RagAnswerText, true), (answer.Answer, answer.Degraded));
        Assert.Equal(["session_store"], answer.DegradedServices);
        Assert.Null(answer.RetryAfterSeconds);
    }
}
