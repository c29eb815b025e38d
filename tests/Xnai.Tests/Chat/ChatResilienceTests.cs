using System.Net;
using System.Text.Json;
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
        Assert.False((await client.ChatAsync("What is the RAG breaker threshold?")).GetProperty("degraded").GetBoolean());

        await app.StopResourceAsync("rag");
        try
        {
            for (var i = 1; i <= 3; i++)
            {
                var fallback = await client.ChatAsync($"What is the RAG breaker threshold? ({i})");
                AssertKnowledgeBaseFallback(fallback);
                var breaker = await client.CircuitAsync("rag_api");
                Assert.Equal(i < 3 ? "closed" : "open", breaker.GetProperty("state").GetString());
                Assert.Equal(i, breaker.GetProperty("fail_count").GetInt32());
            }

            // Open: the next calls are refused by the breaker without touching the network, and say when they retry.
            var rejectionsBefore = (await client.CircuitAsync("rag_api")).GetProperty("total_rejections").GetInt64();
            var fast = await client.ChatAsync("Are you there?");
            AssertKnowledgeBaseFallback(fast);
            // The countdown itself (30 s, then less as the clock moves) is exact in Functional/RagBreakerTests; here the
            // answer must say, word for word, the retry time the same response reports, which lies within the 3 s break.
            var retryAfter = fast.GetProperty("retryAfterSeconds").GetInt32();
            Assert.InRange(retryAfter, 1, (int)ResilienceAppFixture.RagBreak.TotalSeconds);
            Assert.Equal(RagBreakerTests.Fallback(retryAfter), fast.GetProperty("answer").GetString());
            Assert.Equal(rejectionsBefore + 1, (await client.CircuitAsync("rag_api")).GetProperty("total_rejections").GetInt64());

            using var degradedHealth = await client.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, degradedHealth.StatusCode);
            var health = JsonDocument.Parse(await degradedHealth.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("degraded", health.GetProperty("status").GetString());
            Assert.False(health.GetProperty("services").GetProperty("rag_api").GetBoolean());
            var ragHealth = health.GetProperty("circuit_breakers").GetProperty("rag_api");
            Assert.Equal("open", ragHealth.GetProperty("state").GetString());
            Assert.Equal(JsonValueKind.Object, ragHealth.GetProperty("last_failure").ValueKind);
            Assert.True(ragHealth.GetProperty("retry_after_seconds").GetDouble() >= 0);
            Assert.Equal("closed", health.GetProperty("circuit_breakers").GetProperty("redis").GetProperty("state").GetString());

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
            async () => !(await client.ChatAsync("How does the RAG breaker recover?")).GetProperty("degraded").GetBoolean(),
            Recovery, TimeSpan.FromSeconds(1)), "chat did not recover after rag restarted");
        Assert.Equal("closed", (await client.CircuitAsync("rag_api")).GetProperty("state").GetString());
        Assert.True(await ChatHttp.EventuallyAsync(
            async () => (await client.GetJsonAsync("/health")).GetProperty("status").GetString() == "healthy",
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
        var sessionId = (await client.ChatAsync("Turn 1: what is the session store?")).GetProperty("sessionId").GetString()!;
        var other = (await client.ChatAsync("Other session turn 1")).GetProperty("sessionId").GetString()!;

        await app.StopResourceAsync("cache");
        try
        {
            for (var i = 2; i <= 5; i++)
            {
                var chat = await client.ChatAsync($"Turn {i}: what happens when redis is down?", sessionId);
                Assert.True(chat.GetProperty("degraded").GetBoolean(), chat.ToString());
                Assert.Contains("session_store", chat.DegradedServices());
                Assert.False(string.IsNullOrWhiteSpace(chat.GetProperty("answer").GetString()));
                await client.ChatAsync($"Other session turn {i}", other);
            }

            var during = await client.GetJsonAsync($"/api/sessions/{sessionId}");
            Assert.True(during.GetProperty("degraded").GetBoolean());
            Assert.Equal(8, during.GetProperty("pendingTurns").GetInt32());

            var health = await client.GetJsonAsync("/health");
            Assert.Equal("degraded", health.GetProperty("status").GetString());
            Assert.True(health.GetProperty("session_buffer").GetProperty("pending").GetInt32() >= 16);
        }
        finally
        {
            await app.StartResourceAsync("cache");
        }

        foreach (var (id, prefix) in new[] { (sessionId, "Turn "), (other, "Other session turn ") })
        {
            JsonElement session = default;
            Assert.True(await ChatHttp.EventuallyAsync(async () =>
            {
                session = await client.GetJsonAsync($"/api/sessions/{id}");
                return !session.GetProperty("degraded").GetBoolean() && session.GetProperty("pendingTurns").GetInt32() == 0;
            }, Recovery), $"pending turns of {id} were not written after redis came back");

            var turns = session.GetProperty("turns").EnumerateArray().ToList();
            Assert.Equal(10, turns.Count);
            var userTexts = turns.Where(t => t.GetProperty("role").GetString() == "user").Select(t => t.GetProperty("text").GetString()!).ToList();
            Assert.Equal(Enumerable.Range(1, 5).Select(i => $"{prefix}{i}"), userTexts.Select(t => t.Split(':')[0]));
            Assert.Equal(Enumerable.Repeat(new[] { "user", "assistant" }, 5).SelectMany(r => r), turns.Select(t => t.GetProperty("role").GetString()));
        }

        var healthAfter = await client.GetJsonAsync("/health");
        Assert.Equal(0, healthAfter.GetProperty("session_buffer").GetProperty("overflowed").GetInt64());
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
            var json = JsonDocument.Parse(body).RootElement;
            Assert.Contains("voice", json.GetProperty("transcript").GetString());
            Assert.False(string.IsNullOrEmpty(json.GetProperty("audio").GetString()));
            Assert.False(json.GetProperty("degraded").GetBoolean());
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
            var text = JsonDocument.Parse(typedBody).RootElement;
            Assert.Equal(JsonValueKind.Null, text.GetProperty("audio").ValueKind);
            Assert.True(text.GetProperty("degraded").GetBoolean());
            Assert.Contains("voice_processing", text.DegradedServices());
            Assert.Contains("as text", text.GetProperty("notice").GetString());
            Assert.False(string.IsNullOrWhiteSpace(text.GetProperty("answer").GetString()));

            var chat = await client.ChatAsync("Is the text chat still working?");
            Assert.DoesNotContain("voice_processing", chat.DegradedServices());
            Assert.Equal("open", (await client.CircuitAsync("voice_processing")).GetProperty("state").GetString());
        }
        finally
        {
            await app.StartResourceAsync("voice");
        }

        Assert.True(await ChatHttp.EventuallyAsync(async () =>
        {
            using var again = await client.PostAsync("/api/chat/voice", ChatHttp.WavContent(wav));
            return again.IsSuccessStatusCode
                && JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("audio").ValueKind == JsonValueKind.String;
        }, Recovery, TimeSpan.FromSeconds(1)), "voice chat did not recover after voice restarted");
    }

    private static void AssertKnowledgeBaseFallback(JsonElement chat)
    {
        Assert.True(chat.GetProperty("degraded").GetBoolean(), chat.ToString());
        Assert.Contains("rag_api", chat.DegradedServices());
        var answer = chat.GetProperty("answer").GetString()!;
        Assert.Contains("temporarily unable to access my knowledge base", answer);
        Assert.Contains("automatically recovering", answer);
        Assert.Empty(chat.GetProperty("sources").EnumerateArray());
    }
}
