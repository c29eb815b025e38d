using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xnai.ChatApi.Diagnostics;
using Xnai.ChatApi.Health;
using Xnai.Tests.Functional;
using Xnai.Tests.Http;

namespace Xnai.Tests.Chat;

/// <summary>Operator doors need the key (and throttle guessing); public answers carry no internal addresses or paths.</summary>
[Trait("Category", "Unit")]
public sealed class ChatDoorsTests(ChatApiHost host) : IClassFixture<ChatApiHost>
{
    [Fact]
    public async Task WrongAdminKeys_AreLoggedWithoutTheKey_ThenThrottled()
    {
        using var client = host.App.CreateServiceClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/diagnostics/dependencies");
            request.Headers.Add("X-Admin-Key", "guess-" + i);
            using var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 10), statuses.Take(10));
        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses.Skip(10));
        var warnings = host.App.Logs.GetSnapshot().Where(r => r.Level == LogLevel.Warning && r.Message.Contains("Admin key", StringComparison.Ordinal)).ToList();
        Assert.True(warnings.Count >= 12);
        Assert.DoesNotContain(warnings, w => w.Message.Contains("guess-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PublicEndpoints_AfterAFailureNamingAnAddress_ShowTypeAndReason_NotTheAddressOrPath()
    {
        using var client = host.App.CreateServiceClient();
        host.Rag.Unreachable = true;
        try
        {
            using var chat = await client.PostAsJsonAsync("/api/chat", new { message = "What is the RAG breaker?" });
            Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        }
        finally
        {
            host.Rag.Unreachable = false;
        }

        var circuits = await client.GetStringAsync("/api/circuits");
        var events = await client.GetStringAsync("/api/circuits/events");
        var health = await client.GetStringAsync("/health");
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("HttpRequestException: Connection refused", circuits, StringComparison.Ordinal);
        foreach (var (name, text) in new[] { ("circuits", circuits), ("events", events), ("health", health), ("metrics", metrics) })
        {
            Assert.False(text.Contains("10.20.30.40", StringComparison.Ordinal), $"{name} shows the internal address");
            Assert.False(text.Contains("/srv/xnai", StringComparison.Ordinal), $"{name} shows a filesystem path");
            Assert.False(text.Contains("server_address", StringComparison.Ordinal), $"{name} labels series with a server address");
            Assert.False(text.Contains($":{host.App.Address.Port}", StringComparison.Ordinal), $"{name} shows this host's port");
        }
    }

    [Fact]
    public async Task Health_Hammered_ProbesTheDependenciesAFewTimesAtMost()
    {
        using var client = host.App.CreateServiceClient();
        var probe = host.App.Services.GetRequiredService<CachedDependencyProbe>();
        var before = probe.Rounds;

        for (var i = 0; i < 100; i++)
        {
            using var response = await client.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // One round per 2 s refresh interval at most, not one per request.
        Assert.InRange(probe.Rounds - before, 0, 10);
        var body = await client.GetFromJsonAsync<ChatHealthEndpoint.HealthResponse>("/health", ContractJson.SnakeCase);
        Assert.True(body!.Services["session_store"]);
    }
}
