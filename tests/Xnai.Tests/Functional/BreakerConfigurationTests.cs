using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xnai.ChatApi.Sessions;
using Xnai.Resilience;

namespace Xnai.Tests.Functional;

/// <summary>
/// Each breaker's threshold and break come from configuration: the shipped appsettings.json gives rag 3 / 30 s,
/// redis 5 / 15 s, voice 2 / 45 s, and each the error-rate rule 0.5 over 5 min from 10 calls (what the other functional
/// tests prove), and other values there are what is enforced.
/// </summary>
[Trait("Category", "Unit")]
[Trait("Category", "Functional")]
public sealed class BreakerConfigurationTests
{
    private static readonly Dictionary<string, string?> Overrides = new()
    {
        ["Xnai:Breakers:rag_api:ConsecutiveFailures"] = "5",
        ["Xnai:Breakers:rag_api:BreakDuration"] = "00:00:07",
        ["Xnai:Breakers:redis:ConsecutiveFailures"] = "2",
        ["Xnai:Breakers:redis:BreakDuration"] = "00:00:03",
        ["Xnai:Breakers:voice_processing:ConsecutiveFailures"] = "1",
        ["Xnai:Breakers:voice_processing:BreakDuration"] = "00:00:12",
    };

    [Theory]
    [InlineData("rag_api", 3, 30)]
    [InlineData("redis", 5, 15)]
    [InlineData("voice_processing", 2, 45)]
    public async Task ShippedAppSettings_GiveEachBreakerItsThresholdAndBreak(string breaker, int failures, int breakSeconds)
    {
        using var shipped = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "src", "Xnai.ChatApi", "appsettings.json")));
        var section = shipped.RootElement.GetProperty("Xnai").GetProperty("Breakers").GetProperty(breaker);
        Assert.Equal((failures, TimeSpan.FromSeconds(breakSeconds)), (section.GetProperty("ConsecutiveFailures").GetInt32(), TimeSpan.Parse(section.GetProperty("BreakDuration").GetString()!, System.Globalization.CultureInfo.InvariantCulture)));

        // The error-rate rule (RagFailureRatioTests): above half of the calls in 5 minutes, once there are 10.
        Assert.Equal((0.5, "00:05:00", 10), (section.GetProperty("FailureRatio").GetDouble(), section.GetProperty("SamplingDuration").GetString(), section.GetProperty("MinimumThroughput").GetInt32()));

        await using var host = await FunctionalHost.StartAsync();
        var options = host.App.Services.GetRequiredService<IOptionsMonitor<CircuitBreakerOptions>>().Get(breaker);
        Assert.Equal((failures, TimeSpan.FromSeconds(breakSeconds)), (options.ConsecutiveFailures, options.BreakDuration));
        Assert.Equal((0.5, TimeSpan.FromMinutes(5), 10), (options.FailureRatio, options.SamplingDuration, options.MinimumThroughput));
    }

    [Fact]
    public async Task RagThreshold_FromConfiguration_IsTheOneEnforced()
    {
        await using var host = await FunctionalHost.StartAsync(Overrides);
        var session = SessionIds.New();
        host.Rag.Behaviour = FakeBehaviour.Fail;
        for (var i = 1; i <= 4; i++)
        {
            await host.ChatAsync($"Failing {i}", session);
        }

        Assert.Equal(("closed", 4), await StateAsync(host, "rag_api"));
        Assert.Equal(7, (await host.ChatAsync("Fifth", session)).RetryAfterSeconds);
        Assert.Equal(("open", 5), await StateAsync(host, "rag_api"));

        host.Advance(TimeSpan.FromSeconds(7));
        Assert.Equal("half_open", (await host.CircuitAsync("rag_api")).State);
    }

    [Fact]
    public async Task VoiceThreshold_FromConfiguration_IsTheOneEnforced()
    {
        await using var host = await FunctionalHost.StartAsync(Overrides);
        host.Voice.Behaviour = FakeBehaviour.Fail;

        Assert.Equal(12, (await host.VoiceChatAsync(SessionIds.New(), "Hello?")).RetryAfterSeconds);
        Assert.Equal(("open", 1), await StateAsync(host, "voice_processing"));
    }

    [Fact]
    public async Task RedisThreshold_FromConfiguration_IsTheOneEnforced()
    {
        await using var host = await FunctionalHost.StartAsync(Overrides);
        await host.CutRedisAsync();

        // One chat: the history read and the turns' write both fail.
        await host.ChatAsync("Anyone home?", SessionIds.New());
        var redis = await host.CircuitAsync("redis");
        Assert.Equal(("open", 2, 3.0), (redis.State, redis.FailCount, redis.RetryAfterSeconds));
    }

    private static async Task<(string State, int FailCount)> StateAsync(FunctionalHost host, string name)
    {
        var breaker = await host.CircuitAsync(name);
        return (breaker.State, breaker.FailCount);
    }
}
