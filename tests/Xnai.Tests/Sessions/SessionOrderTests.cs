using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Xnai.ChatApi.Sessions;
using Xnai.Tests.Chat;

namespace Xnai.Tests.Sessions;

/// <summary>Stored turns read in the order they were spoken, whatever order they reached Redis in (real redis-server).</summary>
[Trait("Category", "Unit")]
public sealed class SessionOrderTests(ChatApiHost host) : IClassFixture<ChatApiHost>
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private SessionStore Store => host.App.Services.GetRequiredService<SessionStore>();

    private static ConversationTurn[] Pair(string sessionId, int n, DateTimeOffset at) =>
    [
        new($"u{n}-{Guid.NewGuid():N}", sessionId, "user", $"question {n}", at, false),
        new($"a{n}-{Guid.NewGuid():N}", sessionId, "assistant", $"answer {n}", at, false),
    ];

    private async Task<List<string>> TextsAsync(string sessionId) =>
        [.. (await Store.ReadAsync(sessionId, 0, CancellationToken.None)).Turns.Select(t => t.Text)];

    [Fact]
    public async Task Turn2WrittenBeforeTurn1_ReadsBack1Then2()
    {
        var sessionId = SessionIds.New();
        var turn1 = Pair(sessionId, 1, Start);
        var turn2 = Pair(sessionId, 2, Start.AddSeconds(3));

        Assert.Null(await Store.AppendAsync(turn2, CancellationToken.None));
        Assert.Null(await Store.AppendAsync(turn1, CancellationToken.None));

        Assert.Equal(["question 1", "answer 1", "question 2", "answer 2"], await TextsAsync(sessionId));
    }

    [Fact]
    public async Task LateTurnBetweenStoredTurns_GoesBetweenThem()
    {
        var sessionId = SessionIds.New();
        await Store.AppendAsync(Pair(sessionId, 1, Start), CancellationToken.None);
        await Store.AppendAsync(Pair(sessionId, 3, Start.AddSeconds(2)), CancellationToken.None);
        await Store.AppendAsync(Pair(sessionId, 2, Start.AddSeconds(1)), CancellationToken.None);

        Assert.Equal(["question 1", "answer 1", "question 2", "answer 2", "question 3", "answer 3"], await TextsAsync(sessionId));
    }

    [Fact]
    public async Task RetriedWrite_StoresEachTurnOnce()
    {
        var sessionId = SessionIds.New();
        var turn1 = Pair(sessionId, 1, Start);
        var turn2 = Pair(sessionId, 2, Start.AddSeconds(1));
        await Store.AppendAsync(turn2, CancellationToken.None);
        await Store.AppendAsync(turn1, CancellationToken.None);

        // A flush whose reply was lost is retried: same ids again, through the pending buffer as the flusher does.
        Store.Pending.Enqueue(turn1);
        Store.Pending.Enqueue(turn2);
        Assert.Equal(4, await Store.FlushPendingAsync(CancellationToken.None));

        Assert.Equal(["question 1", "answer 1", "question 2", "answer 2"], await TextsAsync(sessionId));
        var db = host.App.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        Assert.Equal(4, await db.ListLengthAsync($"xnai:session:{{{sessionId}}}:turns"));
    }

    [Fact]
    public async Task ConversationStoredBeforeOrderKeys_StaysReadable_AndNewTurnsFollowIt()
    {
        var sessionId = SessionIds.New();
        var db = host.App.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var list = $"xnai:session:{{{sessionId}}}:turns";

        // The format before order keys: the turn's JSON alone, pushed in arrival order.
        string[] ids = ["old-1", "old-2"];
        foreach (var (id, text) in ids.Zip(new[] { "old question", "old answer" }))
        {
            await db.ListRightPushAsync(list, $$"""{"id":"{{id}}","sessionId":"{{sessionId}}","role":"user","text":"{{text}}","at":"2026-11-30T08:00:00+00:00","degraded":false}""");
            await db.SetAddAsync($"xnai:session:{{{sessionId}}}:ids", id);
        }

        // Even a new turn with an earlier timestamp (a skewed clock) goes after them: old turns were all stored first.
        await Store.AppendAsync(Pair(sessionId, 1, Start.AddDays(-2)), CancellationToken.None);
        await Store.AppendAsync(Pair(sessionId, 2, Start), CancellationToken.None);

        Assert.Equal(["old question", "old answer", "question 1", "answer 1", "question 2", "answer 2"],
            [.. (await db.ListRangeAsync(list)).Select(v => TurnOrder.Deserialize((string?)v)!.Text)]);
    }

    [Fact]
    public async Task LateTurnAtTheCap_KeepsTheNewestTurns()
    {
        var sessionId = SessionIds.New();
        for (var i = 1; i <= 100; i++)
        {
            await Store.AppendAsync(Pair(sessionId, i * 2, Start.AddSeconds(i * 2)), CancellationToken.None);
        }

        await Store.AppendAsync(Pair(sessionId, 199, Start.AddSeconds(199)), CancellationToken.None);

        var texts = await TextsAsync(sessionId);
        Assert.Equal(200, texts.Count);
        Assert.Equal(["question 198", "answer 198", "question 199", "answer 199", "question 200", "answer 200"], texts.TakeLast(6));
        Assert.Equal("question 4", texts[0]);
    }
}
