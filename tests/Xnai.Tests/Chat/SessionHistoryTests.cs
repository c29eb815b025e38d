using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Xnai.ChatApi.Sessions;
using Xnai.Tests.Http;

namespace Xnai.Tests.Chat;

/// <summary>A session's history is capped in Redis (real redis-server) and pages back completely, in order.</summary>
[Trait("Category", "Unit")]
public sealed class SessionHistoryTests(ChatApiHost host) : IClassFixture<ChatApiHost>
{
    [Fact]
    public async Task FarMoreTurnsThanTheCap_KeepsExactlyTheCap_AndPagingReturnsThemAllInOrder()
    {
        var store = host.App.Services.GetRequiredService<SessionStore>();
        var sessionId = SessionIds.New();
        var ids = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            ConversationTurn[] pair =
            [
                new($"u{i:D4}{Guid.NewGuid():N}", sessionId, "user", $"question {i}", DateTimeOffset.UnixEpoch, false),
                new($"a{i:D4}{Guid.NewGuid():N}", sessionId, "assistant", $"answer {i}", DateTimeOffset.UnixEpoch, false),
            ];
            Assert.Null(await store.AppendAsync(pair, CancellationToken.None));
            ids.AddRange(pair.Select(t => t.Id));
        }

        using var client = host.App.CreateServiceClient();
        var pages = new List<List<string>>();
        string? before = null;
        do
        {
            var url = $"/api/sessions/{sessionId}?limit=50" + (before is null ? "" : $"&before={before}");
            var page = (await client.GetFromJsonAsync<SessionResponse>(url, ContractJson.Web))!;
            pages.Add([.. page.Turns.Select(t => t.Id)]);
            before = page.Before;
        }
        while (before is not null);

        Assert.Equal(4, pages.Count);
        var all = pages.AsEnumerable().Reverse().SelectMany(p => p).ToList();
        Assert.Equal(ids.TakeLast(200), all);

        // That "before" is written as null on the oldest page (not left out) is pinned in WireShapeTests.
        var whole = (await client.GetFromJsonAsync<SessionResponse>($"/api/sessions/{sessionId}", ContractJson.Web))!;
        Assert.Equal(200, whole.Turns.Count);
        Assert.Null(whole.Before);
    }
}
