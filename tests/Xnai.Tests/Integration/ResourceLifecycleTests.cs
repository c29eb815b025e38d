using System.Net.Http.Json;
using Xnai.ChatApi.Diagnostics;
using StackExchange.Redis;

namespace Xnai.Tests.Integration;

/// <summary>
/// Stopping and starting resources through the orchestrator works every time (the seed's chaos phase depends on it),
/// and Redis keeps its data across a restart. Uses its own app: it takes resources down.
/// </summary>
[Collection(LifecycleCollection.Name)]
[Trait("Category", "WholeApp")]
public sealed class ResourceLifecycleTests : IAsyncLifetime
{
    private DistributedApplication _app = null!;

    public async Task InitializeAsync() => _app = await XnaiApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync().AsTask().WaitAsync(XnaiApp.StartTimeout);

    [Fact]
    public async Task StopStart_RagAndCache_ThreeTimes_EachComesBackHealthy()
    {
        using var chat = _app.CreateClient("chatapi", XnaiApp.AdminKey);
        for (var round = 1; round <= 3; round++)
        {
            foreach (var name in new[] { "rag", "cache" })
            {
                await _app.StopResourceAsync(name);
                var down = await ProbeAsync(chat, name);
                Assert.False(down, $"round {round}: {name} still reachable after stop");

                await _app.StartResourceAsync(name);
                var up = await WaitUntilReachableAsync(chat, name);
                Assert.True(up, $"round {round}: chatapi cannot reach {name} after start");
            }
        }
    }

    [Fact]
    public async Task Cache_StopStart_KeepsData()
    {
        var connectionString = await _app.GetConnectionStringAsync("cache").AsTask().WaitAsync(XnaiApp.CommandTimeout);
        var key = $"xnai:test:{Guid.NewGuid():N}";
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(connectionString!))
        {
            await redis.GetDatabase().ListRightPushAsync(key, ["turn-1", "turn-2", "turn-3"]);
        }

        await _app.StopResourceAsync("cache");
        await _app.StartResourceAsync("cache");

        await using var reconnected = await ConnectionMultiplexer.ConnectAsync(connectionString!);
        var values = await reconnected.GetDatabase().ListRangeAsync(key);
        Assert.Equal(["turn-1", "turn-2", "turn-3"], values.Select(v => v.ToString()));
    }

    private static async Task<bool> ProbeAsync(HttpClient chat, string resource)
    {
        var results = await chat.GetFromJsonAsync<DependencyProbeResult[]>("/api/diagnostics/dependencies", ContractJson.Web).WaitAsync(XnaiApp.CommandTimeout);
        return results!.Single(r => r.Name == resource).Reachable;
    }

    private static async Task<bool> WaitUntilReachableAsync(HttpClient chat, string resource)
    {
        // Redis clients reconnect on their own schedule; give them a bounded number of chances.
        for (var attempt = 0; attempt < 30; attempt++)
        {
            if (await ProbeAsync(chat, resource))
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        return false;
    }
}

/// <summary>Tests that take resources down run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LifecycleCollection
{
    public const string Name = "Lifecycle";
}
