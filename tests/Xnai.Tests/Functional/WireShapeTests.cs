using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Xnai.ChatApi.Sessions;

namespace Xnai.Tests.Functional;

/// <summary>
/// The JSON names of each chatapi endpoint, pinned once here (clients and the web page read them); every other
/// functional test reads the contract records and would not notice a renamed field.
/// </summary>
[Trait("Category", "Unit")]
[Trait("Category", "Functional")]
public sealed class WireShapeTests : IAsyncLifetime
{
    private static readonly string[] Breakers = ["rag_api", "redis", "voice_processing"];
    private static readonly string[] Source = ["title", "snippet", "score", "quoted"];

    private readonly string _session = SessionIds.New();
    private FunctionalHost _host = null!;

    public async Task InitializeAsync() => _host = await FunctionalHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Chat_IsCamelCase()
    {
        using var response = await _host.Client.PostAsJsonAsync("/api/chat", new { message = "What opens the breaker?", sessionId = _session });
        var chat = await response.Content.ReadFromJsonAsync<JsonElement>();
        AssertNames(chat, "sessionId", "answer", "sources", "degraded", "degradedServices", "retryAfterSeconds", "contextTurns", "stale");
        AssertNames(chat.GetProperty("sources")[0], Source);
        Assert.Equal(JsonValueKind.Null, chat.GetProperty("stale").ValueKind);
    }

    [Fact]
    public async Task Chat_StaleAnswer_IsCamelCase()
    {
        await _host.ChatAsync("What opens the breaker?", _session);
        var store = _host.App.Services.GetRequiredService<Xnai.ChatApi.AnswerStore.LastGoodAnswerStore>();
        await FunctionalHost.UntilAsync(() => store.Local.Count == 1, "the live answer was not stored");
        _host.Rag.Behaviour = FakeBehaviour.Fail;
        using var response = await _host.Client.PostAsJsonAsync("/api/chat", new { message = "What opens the breaker?", sessionId = SessionIds.New() });
        var chat = await response.Content.ReadFromJsonAsync<JsonElement>();
        AssertNames(chat.GetProperty("stale"), "answeredAt", "ageSeconds", "match");
    }

    [Fact]
    public async Task VoiceChat_IsCamelCase()
    {
        using var response = await _host.PostVoiceChatAsync(_session, typed: null);
        var voice = await response.Content.ReadFromJsonAsync<JsonElement>();
        AssertNames(voice, "sessionId", "transcript", "answer", "sources", "audio", "audioContentType", "degraded", "degradedServices", "retryAfterSeconds", "notice", "stale");
        AssertNames(voice.GetProperty("sources")[0], Source);
    }

    [Fact]
    public async Task Session_IsCamelCase()
    {
        await _host.ChatAsync("Remember this", _session);
        var session = await _host.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{_session}");
        AssertNames(session, "sessionId", "turns", "pendingTurns", "degraded", "before");
        AssertNames(session.GetProperty("turns")[0], "id", "sessionId", "role", "text", "at", "degraded");
    }

    [Fact]
    public async Task Circuits_AreSnakeCase_OneEntryPerBreaker()
    {
        _host.Rag.Behaviour = FakeBehaviour.Fail;
        await _host.ChatAsync("Fail once, so last_failure is an object", _session);

        var circuits = await _host.Client.GetFromJsonAsync<JsonElement>("/api/circuits");
        AssertNames(circuits, Breakers);
        var rag = circuits.GetProperty("rag_api");
        AssertNames(rag, "state", "fail_count", "last_failure", "retry_after_seconds", "failure_rate", "slow_call_rate", "total_calls", "total_failures", "total_rejections", "trips", "opened_at");
        AssertNames(rag.GetProperty("last_failure"), "at", "error");
    }

    [Fact]
    public async Task Health_IsSnakeCase_WithServicesBreakersAndTheSessionBuffer()
    {
        var health = await _host.Client.GetFromJsonAsync<JsonElement>("/health");
        AssertNames(health, "status", "service", "version", "timestamp", "services", "circuit_breakers", "session_buffer", "answer_store");
        AssertNames(health.GetProperty("services"), "rag_api", "session_store", "voice_processing");
        AssertNames(health.GetProperty("circuit_breakers"), Breakers);
        AssertNames(health.GetProperty("session_buffer"), "pending", "capacity", "overflowed", "pending_bytes", "max_bytes", "overflowing");
        AssertNames(health.GetProperty("answer_store"), "enabled", "entries", "max_entries", "local_entries", "local_max_entries", "max_age_seconds");
    }

    private static void AssertNames(JsonElement element, params string[] names) =>
        Assert.Equal(names.Order(StringComparer.Ordinal), element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
}
