using System.Net.Http.Json;
using Xnai.ChatApi.Diagnostics;

namespace Xnai.Tests.Integration;

/// <summary>The app starts whole, each resource is healthy, and chatapi reaches every dependency for real.</summary>
[Collection(XnaiAppCollection.Name)]
[Trait("Category", "WholeApp")]
public sealed class FoundationTests(XnaiAppFixture fixture)
{
    [Fact]
    public async Task App_AllFourResources_AreRunningAndHealthy()
    {
        foreach (var name in XnaiApp.Resources)
        {
            var resourceEvent = await fixture.App.ResourceNotifications
                .WaitForResourceHealthyAsync(name)
                .WaitAsync(XnaiApp.CommandTimeout);
            Assert.Equal(KnownResourceStates.Running, resourceEvent.Snapshot.State?.Text);
        }
    }

    [Theory]
    [InlineData("rag")]
    [InlineData("voice")]
    [InlineData("chatapi")]
    public async Task Service_AnswersHealthAndAlive(string resource)
    {
        using var client = fixture.CreateClient(resource);
        using var alive = await client.GetAsync("/alive");
        Assert.True(alive.IsSuccessStatusCode, $"{resource} /alive: {(int)alive.StatusCode}");
        using var health = await client.GetAsync("/health");
        Assert.True(health.IsSuccessStatusCode, $"{resource} /health: {(int)health.StatusCode}");
        using var metrics = await client.GetAsync("/metrics");
        Assert.True(metrics.IsSuccessStatusCode, $"{resource} /metrics: {(int)metrics.StatusCode}");
    }

    [Fact]
    public async Task ChatApi_ReachesRagVoiceAndRedis_ForReal()
    {
        using var client = fixture.CreateAdminClient("chatapi");
        var results = await client.GetFromJsonAsync<DependencyProbeResult[]>("/api/diagnostics/dependencies", ContractJson.Web);
        Assert.NotNull(results);
        var byName = results.ToDictionary(r => r.Name);
        Assert.Equal(["cache", "rag", "voice"], byName.Keys.Order());
        foreach (var (name, result) in byName)
        {
            Assert.True(result.Reachable, $"{name}: {result}");
        }

        // Service discovery resolved the logical names to the orchestrator's loopback addresses.
        Assert.Contains("localhost:", byName["rag"].Target);
        Assert.Contains("localhost:", byName["voice"].Target);
    }
}
