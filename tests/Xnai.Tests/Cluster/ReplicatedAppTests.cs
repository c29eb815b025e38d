using System.Text.Json;
using Xnai.ChatApi.Cluster;
using Xnai.Tests.Chat;
using Xnai.Tests.Functional;
using Xnai.Tests.Integration;

namespace Xnai.Tests.Cluster;

/// <summary>Two chatapi replicas of the whole app: shared sessions, cluster-wide operator actions, one cluster view.</summary>
[Trait("Category", "WholeApp")]
[Collection(LifecycleCollection.Name)]
public sealed class ReplicatedAppTests(ReplicatedAppFixture fixture) : IClassFixture<ReplicatedAppFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static async Task<string> StateAsync(HttpClient client, string circuit) =>
        (await client.CircuitAsync(circuit)).State;

    [Fact]
    public async Task ReplicasAreDistinct_AndTheClusterViewListsBoth()
    {
        Assert.Equal(2, fixture.Replicas.Select(r => r.Id).Distinct().Count());
        using var first = fixture.Replica(0);
        ClusterView? view = null;
        Assert.True(await ChatHttp.EventuallyAsync(async () =>
        {
            view = await first.GetJsonAsync<ClusterView>("/api/circuits/cluster", ContractJson.SnakeCase);
            return view.Replicas.Select(r => r.Replica).Order()
                .SequenceEqual(fixture.Replicas.Select(r => r.Id));
        }, Bound), JsonSerializer.Serialize(view, ContractJson.SnakeCase));
        Assert.Equal(fixture.Replicas[0].Id, view!.AnsweredBy);
        Assert.Equal("rag_api: closed on 2 of 2 replicas", view.Summary["rag_api"].Text);
    }

    [Fact]
    public async Task SessionWrittenThroughOneReplica_ReadsThroughTheOther()
    {
        using var first = fixture.Replica(0);
        using var second = fixture.Replica(1);
        var answer = await first.ChatAsync("What is a circuit breaker?");
        var sessionId = answer.SessionId;
        await second.ChatAsync("How long does it stay open?", sessionId);

        Assert.Equal(["What is a circuit breaker?", "How long does it stay open?"], (await first.SessionAsync(sessionId)).UserTexts());
    }

    [Fact]
    public async Task IsolateThroughThePublicEndpoint_EveryReplicaRejects_ResetClosesEvery()
    {
        // "acknowledged: 2" needs both replicas on the channel: after the Redis-outage test they resubscribe on their own.
        await fixture.WaitUntilEveryReplicaIsSubscribedAsync(Bound);
        using var admin = fixture.App.CreateClient("chatapi", XnaiApp.AdminKey);
        using var isolate = await admin.PostAsync("/api/circuits/rag_api/isolate", null).WaitAsync(Bound);
        var body = await isolate.Content.ReadAsStringAsync();
        Assert.True(isolate.IsSuccessStatusCode, body);
        Assert.Equal(2, JsonSerializer.Deserialize<CircuitControlResponse>(body, ContractJson.SnakeCase)!.Acknowledged);
        try
        {
            for (var i = 0; i < fixture.Replicas.Count; i++)
            {
                using var replica = fixture.Replica(i);
                Assert.Equal("isolated", await StateAsync(replica, "rag_api"));
                Assert.Contains("rag_api", (await replica.ChatAsync("What is the knowledge base?")).DegradedServices);
            }
        }
        finally
        {
            (await admin.PostAsync("/api/circuits/rag_api/reset", null).WaitAsync(Bound)).EnsureSuccessStatusCode();
        }

        for (var i = 0; i < fixture.Replicas.Count; i++)
        {
            using var replica = fixture.Replica(i);
            Assert.Equal("closed", await StateAsync(replica, "rag_api"));
        }
    }

    [Fact]
    public async Task TurnsBufferedByTwoReplicasDuringARedisOutage_ReadInTheOrderSpoken_WithoutDuplicates()
    {
        using var first = fixture.Replica(0);
        using var second = fixture.Replica(1);
        var sessionId = NewSessionId();

        await fixture.App.StopResourceAsync("cache");
        try
        {
            Assert.Contains("session_store", (await first.ChatAsync("First question", sessionId)).DegradedServices);
            Assert.Contains("session_store", (await second.ChatAsync("Second question", sessionId)).DegradedServices);
        }
        finally
        {
            await fixture.App.StartResourceAsync("cache");
        }

        // Leave the cluster as found: both replicas back on the command channel.
        await fixture.WaitUntilEveryReplicaIsSubscribedAsync(Bound);

        // Each replica flushes its own buffer once its redis breaker lets it (a flush whose reply was lost is retried:
        // idempotent by turn id); the session is complete when both read it from Redis.
        foreach (var client in new[] { first, second })
        {
            var turns = new List<(string Role, string Text)>();
            Assert.True(await ChatHttp.EventuallyAsync(async () =>
            {
                var session = await client.SessionAsync(sessionId);
                turns = [.. session.Turns.Select(t => (t.Role, t.Text))];
                return turns.Count >= 4 && !session.Degraded && session.PendingTurns == 0;
            }, Bound), string.Join(" | ", turns));
            Assert.Equal(["First question", "Second question"], turns.Where(t => t.Role == "user").Select(t => t.Text));
            Assert.Equal(["user", "assistant", "user", "assistant"], turns.Select(t => t.Role));
        }
    }

    private static string NewSessionId() => Guid.NewGuid().ToString("N");
}
