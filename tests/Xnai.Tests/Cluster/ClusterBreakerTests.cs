using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using StackExchange.Redis;
using Xnai.ChatApi.Cluster;
using Xnai.Tests.Chat;
using Xnai.Tests.Functional;
using Xnai.Tests.Http;

namespace Xnai.Tests.Cluster;

/// <summary>Operator actions reach every replica; the cluster view shows every replica (two chatapi hosts, one redis-server).</summary>
[Trait("Category", "Unit")]
public sealed class ClusterBreakerTests(ReplicaHosts hosts) : IClassFixture<ReplicaHosts>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static async Task<CircuitControlResponse> PostAsync(HttpClient admin, string path)
    {
        using var response = await admin.PostAsync(path, null).WaitAsync(Bound);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path} {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<CircuitControlResponse>(body, ContractJson.SnakeCase)!;
    }

    private static async Task<string> StateAsync(HttpClient client, string circuit) =>
        (await client.CircuitAsync(circuit)).State;

    [Fact]
    public async Task IsolateThroughOneReplica_BothReject_ResetClosesBoth_AndALaterReplicaStartsIsolated()
    {
        using var adminA = hosts.A.CreateServiceClient(admin: true);
        using var a = hosts.A.CreateServiceClient();
        using var b = hosts.B.CreateServiceClient();

        var isolate = await PostAsync(adminA, "/api/circuits/voice_processing/isolate");
        Assert.True(isolate.ClusterReached);
        Assert.Equal(2, isolate.Replicas);
        Assert.Equal(2, isolate.Acknowledged);
        Assert.Equal("isolated", await StateAsync(a, "voice_processing"));
        Assert.Equal("isolated", await StateAsync(b, "voice_processing"));

        await using (var late = hosts.Start("replica-late"))
        {
            using var client = late.CreateServiceClient();
            Assert.True(await ChatHttp.EventuallyAsync(async () => await StateAsync(client, "voice_processing") == "isolated", Bound));
        }

        var reset = await PostAsync(hosts.B.CreateServiceClient(admin: true), "/api/circuits/voice_processing/reset");
        Assert.Equal(2, reset.Acknowledged);
        Assert.Equal("closed", await StateAsync(a, "voice_processing"));
        Assert.Equal("closed", await StateAsync(b, "voice_processing"));
    }

    [Fact]
    public async Task ReplicaLiveButNotSubscribed_CountsInTheAnswer_WhichSaysNotAllAcknowledged()
    {
        // A third replica that published a snapshot a moment ago but whose subscription is not back (as after a Redis
        // restart): the cluster has three replicas, two acknowledge, and the answer says so instead of "2 of 2".
        using var adminA = hosts.A.CreateServiceClient(admin: true);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(hosts.RedisConnectionString);
        var db = redis.GetDatabase();
        await db.SortedSetAddAsync(ClusterKeys.Replicas, "replica-reconnecting", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        try
        {
            var isolate = await PostAsync(adminA, "/api/circuits/voice_processing/isolate");
            Assert.Equal(3, isolate.Replicas);
            Assert.Equal(2, isolate.Acknowledged);
            Assert.StartsWith("applied on 2 of 3 replicas within 1 s; the others apply it when they receive it or reconnect", isolate.Cluster);
        }
        finally
        {
            await db.SortedSetRemoveAsync(ClusterKeys.Replicas, "replica-reconnecting");
            await PostAsync(adminA, "/api/circuits/voice_processing/reset");
        }
    }

    [Fact]
    public async Task RagIsolatedThroughReplicaA_ReplicaBAnswersWithoutCallingIt()
    {
        using var adminA = hosts.A.CreateServiceClient(admin: true);
        using var b = hosts.B.CreateServiceClient();
        try
        {
            await PostAsync(adminA, "/api/circuits/rag_api/isolate");
            var calls = hosts.Rag.QueryLengths.Count;
            var answer = await b.ChatAsync("How long does the breaker stay open?");
            Assert.Contains("rag_api", answer.DegradedServices);
            Assert.Equal(calls, hosts.Rag.QueryLengths.Count);
        }
        finally
        {
            await PostAsync(adminA, "/api/circuits/rag_api/reset");
        }
    }

    [Fact]
    public async Task ClusterView_ListsBothReplicas_AndSummarisesEachBreaker()
    {
        using var a = hosts.A.CreateServiceClient();
        ClusterView? view = null;
        Assert.True(await ChatHttp.EventuallyAsync(async () =>
        {
            view = await a.GetJsonAsync<ClusterView>("/api/circuits/cluster", ContractJson.SnakeCase);
            var ids = view.Replicas.Select(r => r.Replica).ToList();
            return ids.Contains("replica-a") && ids.Contains("replica-b");
        }, Bound), JsonSerializer.Serialize(view, ContractJson.SnakeCase));

        Assert.Equal("replica-a", view!.AnsweredBy);
        var redis = view.Summary["redis"];
        Assert.Equal(view.ReplicaCount, redis.Replicas);
        Assert.StartsWith("redis: closed on ", redis.Text);
    }

    [Fact]
    public async Task SessionWrittenThroughOneReplica_ReadsThroughTheOther()
    {
        using var a = hosts.A.CreateServiceClient();
        using var b = hosts.B.CreateServiceClient();
        var first = await a.ChatAsync("What is a circuit breaker?");
        var sessionId = first.SessionId;
        await b.ChatAsync("And when does it close?", sessionId);

        var session = await a.SessionAsync(sessionId);
        Assert.Equal(["What is a circuit breaker?", "And when does it close?"], session.UserTexts());
    }

    [Fact]
    public async Task RedisUnreachable_ActionAppliesLocally_AndSaysSo_ClusterViewIs503_LocalViewWorks()
    {
        await using var alone = hosts.Start("replica-alone", redis: "127.0.0.1:9");
        using var admin = alone.CreateServiceClient(admin: true);

        var isolate = await PostAsync(admin, "/api/circuits/voice_processing/isolate");
        Assert.False(isolate.ClusterReached);
        Assert.Contains("cluster could not be reached", isolate.Cluster);
        Assert.Equal("isolated", isolate.State);

        using var cluster = await admin.GetAsync("/api/circuits/cluster").WaitAsync(Bound);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, cluster.StatusCode);
        Assert.Equal("Cluster view unavailable", (await cluster.Content.ReadFromJsonAsync<ProblemDetails>(ContractJson.Web))!.Title);
        Assert.Equal("isolated", await StateAsync(admin, "voice_processing"));
    }
}
