using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xnai.ChatApi.Chat;
using Xnai.ChatApi.Health;
using Xnai.ChatApi.Sessions;
using Xnai.Tests.Functional;
using Xnai.Tests.Integration;

namespace Xnai.Tests.Chat;

/// <summary>
/// The seed's scenarios through the real app: a dependency is stopped by the orchestrator, chatapi degrades with the
/// seed's fallback and fails fast once the breaker is open, then recovers by itself when the dependency is back.
/// </summary>
[Collection(LifecycleCollection.Name)]
[Trait("Category", "WholeApp")]
public sealed class ChatResilienceTests(ResilienceAppFixture fixture) : IClassFixture<ResilienceAppFixture>
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task RagStopped_BreakerOpensAfterThree_FallbackFailsFast_ThenRecovers()
    {
        var app = fixture.App;
        using var client = app.CreateClient("chatapi");
        Assert.False((await client.ChatAsync("What is the RAG breaker threshold?")).Degraded);

        await app.StopResourceAsync("rag");
        try
        {
            for (var i = 1; i <= 3; i++)
            {
                var fallback = await client.ChatAsync($"What is the RAG breaker threshold? ({i})");
                AssertKnowledgeBaseFallback(fallback);
                var breaker = await client.CircuitAsync("rag_api");
                Assert.Equal(i < 3 ? "closed" : "open", breaker.State);
                Assert.Equal(i, breaker.FailCount);
            }

            // Open: the next calls are refused by the breaker without touching the network, and say when they retry.
            var rejectionsBefore = (await client.CircuitAsync("rag_api")).TotalRejections;
            var fast = await client.ChatAsync("Are you there?");
            AssertKnowledgeBaseFallback(fast);
            // The countdown itself (30 s, then less as the clock moves) is exact in Functional/RagBreakerTests; here the
            // answer must say, word for word, the retry time the same response reports, which lies within the 3 s break.
            Assert.NotNull(fast.RetryAfterSeconds);
            var retryAfter = fast.RetryAfterSeconds.Value;
            Assert.InRange(retryAfter, 1, (int)ResilienceAppFixture.RagBreak.TotalSeconds);
            Assert.Equal(RagBreakerTests.Fallback(retryAfter), fast.Answer);
            Assert.Equal(rejectionsBefore + 1, (await client.CircuitAsync("rag_api")).TotalRejections);

            using var degradedHealth = await client.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, degradedHealth.StatusCode);
            var health = (await degradedHealth.Content.ReadFromJsonAsync<ChatHealthEndpoint.HealthResponse>(ContractJson.SnakeCase))!;
            Assert.Equal("degraded", health.Status);
            Assert.False(health.Services["rag_api"]);
            var ragHealth = health.CircuitBreakers["rag_api"];
            Assert.Equal("open", ragHealth.State);
            Assert.NotNull(ragHealth.LastFailure);
            Assert.True(ragHealth.RetryAfterSeconds >= 0, $"retry_after_seconds {ragHealth.RetryAfterSeconds}");
            Assert.Equal("closed", health.CircuitBreakers["redis"].State);

            var metrics = await client.GetStringAsync("/metrics");
            Assert.Equal(1, ChatHttp.Sample(metrics, "circuit_breaker_state", "rag_api"));
            Assert.True(ChatHttp.Sample(metrics, "circuit_breaker_failures_total", "rag_api") >= 3, metrics);
        }
        finally
        {
            await app.StartResourceAsync("rag");
        }

        // After the break a probe goes through, succeeds, and the breaker closes: answers are sourced again.
        Assert.True(await ChatHttp.EventuallyAsync(
            async () => !(await client.ChatAsync("How does the RAG breaker recover?")).Degraded,
            Recovery, TimeSpan.FromSeconds(1)), "chat did not recover after rag restarted");
        Assert.Equal("closed", (await client.CircuitAsync("rag_api")).State);
        Assert.True(await ChatHttp.EventuallyAsync(
            async () => (await client.HealthAsync()).Status == "healthy",
            Recovery), "health did not return to healthy");

        var after = await client.GetStringAsync("/metrics");
        Assert.Equal(0, ChatHttp.Sample(after, "circuit_breaker_state", "rag_api"));
        Assert.True(ChatHttp.Sample(after, "circuit_breaker_recoveries_total", "rag_api") >= 1, after);
    }

    [Fact]
    public async Task CacheStopped_AnswersDegraded_ThenEveryTurnIsStoredInOrder()
    {
        var app = fixture.App;
        using var client = app.CreateClient("chatapi");
        var sessionId = (await client.ChatAsync("Turn 1: what is the session store?")).SessionId;
        var other = (await client.ChatAsync("Other session turn 1")).SessionId;

        await app.StopResourceAsync("cache");
        try
        {
            for (var i = 2; i <= 5; i++)
            {
                var chat = await client.ChatAsync($"Turn {i}: what happens when redis is down?", sessionId);
                Assert.True(chat.Degraded, chat.Answer);
                Assert.Contains("session_store", chat.DegradedServices);
                Assert.False(string.IsNullOrWhiteSpace(chat.Answer));
                await client.ChatAsync($"Other session turn {i}", other);
            }

            var during = await client.SessionAsync(sessionId);
            Assert.True(during.Degraded);
            Assert.Equal(8, during.PendingTurns);

            var health = await client.HealthAsync();
            Assert.Equal("degraded", health.Status);
            Assert.True(health.SessionBuffer.Pending >= 16, $"pending {health.SessionBuffer.Pending}");
        }
        finally
        {
            await app.StartResourceAsync("cache");
        }

        foreach (var (id, prefix) in new[] { (sessionId, "Turn "), (other, "Other session turn ") })
        {
            SessionResponse? session = null;
            Assert.True(await ChatHttp.EventuallyAsync(async () =>
            {
                session = await client.SessionAsync(id);
                return !session.Degraded && session.PendingTurns == 0;
            }, Recovery), $"pending turns of {id} were not written after redis came back");

            var turns = session!.Turns;
            Assert.Equal(10, turns.Count);
            Assert.Equal(Enumerable.Range(1, 5).Select(i => $"{prefix}{i}"), session.UserTexts().Select(t => t.Split(':')[0]));
            Assert.Equal(Enumerable.Repeat(new[] { "user", "assistant" }, 5).SelectMany(r => r), turns.Select(t => t.Role));
        }

        Assert.Equal(0, (await client.HealthAsync()).SessionBuffer.Overflowed);
    }

    [Fact]
    public async Task VoiceStopped_TranscriptIs503_TypedVoiceChatAnswersInText_TextChatUnaffected()
    {
        var app = fixture.App;
        using var client = app.CreateClient("chatapi");
        var wav = await app.SynthesizeAsync("what does the voice circuit breaker do");

        using (var spoken = await client.PostAsync("/api/chat/voice", ChatHttp.WavContent(wav)))
        {
            var body = await spoken.Content.ReadAsStringAsync();
            Assert.True(spoken.IsSuccessStatusCode, body);
            var json = JsonSerializer.Deserialize<VoiceChatResponse>(body, ContractJson.Web)!;
            Assert.Contains("voice", json.Transcript);
            Assert.False(string.IsNullOrEmpty(json.Audio));
            Assert.False(json.Degraded);
        }

        await app.StopResourceAsync("voice");
        try
        {
            using var unavailable = await client.PostAsync("/api/chat/voice", ChatHttp.WavContent(wav));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
            Assert.Equal("application/problem+json", unavailable.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(unavailable.Headers.RetryAfter);
            Assert.Contains("temporarily unavailable", await unavailable.Content.ReadAsStringAsync());

            using var form = new MultipartFormDataContent
            {
                { ChatHttp.WavContent(wav), "file", "question.wav" },
                { new StringContent("What does the voice circuit breaker do?"), "message" },
            };
            using var typed = await client.PostAsync("/api/chat/voice", form);
            var typedBody = await typed.Content.ReadAsStringAsync();
            Assert.True(typed.IsSuccessStatusCode, typedBody);
            var text = JsonSerializer.Deserialize<VoiceChatResponse>(typedBody, ContractJson.Web)!;
            Assert.Null(text.Audio);
            Assert.True(text.Degraded);
            Assert.Contains("voice_processing", text.DegradedServices);
            Assert.Contains("as text", text.Notice);
            Assert.False(string.IsNullOrWhiteSpace(text.Answer));

            var chat = await client.ChatAsync("Is the text chat still working?");
            Assert.DoesNotContain("voice_processing", chat.DegradedServices);
            Assert.Equal("open", (await client.CircuitAsync("voice_processing")).State);
        }
        finally
        {
            await app.StartResourceAsync("voice");
        }

        Assert.True(await ChatHttp.EventuallyAsync(async () =>
        {
            using var again = await client.PostAsync("/api/chat/voice", ChatHttp.WavContent(wav));
            return again.IsSuccessStatusCode
                && (await again.Content.ReadFromJsonAsync<VoiceChatResponse>(ContractJson.Web))!.Audio is not null;
        }, Recovery, TimeSpan.FromSeconds(1)), "voice chat did not recover after voice restarted");
    }

    private static void AssertKnowledgeBaseFallback(ChatResponse chat)
    {
        Assert.True(chat.Degraded, chat.Answer);
        Assert.Contains("rag_api", chat.DegradedServices);
        Assert.Contains("temporarily unable to access my knowledge base", chat.Answer);
        Assert.Contains("automatically recovering", chat.Answer);
        Assert.Empty(chat.Sources);
    }
}
