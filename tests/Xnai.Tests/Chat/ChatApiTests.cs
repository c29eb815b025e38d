using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xnai.ChatApi.Circuits;
using Xnai.ChatApi.Health;
using Xnai.Tests.Functional;
using Xnai.Tests.Integration;

namespace Xnai.Tests.Chat;

/// <summary>chatapi through the real app, with every dependency up: answers, memory, health, metrics, admin, bad input.</summary>
[Collection(XnaiAppCollection.Name)]
[Trait("Category", "WholeApp")]
public sealed class ChatApiTests(XnaiAppFixture fixture)
{
    [Fact]
    public async Task Chat_Question_AnswersFromKnowledgeBaseWithSources()
    {
        using var client = fixture.CreateClient("chatapi");
        var chat = await client.ChatAsync("How many consecutive failures open the RAG circuit breaker?");

        Assert.False(chat.Degraded, chat.Answer);
        Assert.Empty(chat.DegradedServices);
        Assert.Matches("^[0-9a-f]{32}$", chat.SessionId);
        Assert.False(string.IsNullOrWhiteSpace(chat.Answer));
        Assert.NotEmpty(chat.Sources);
        Assert.All(chat.Sources, s => Assert.True(s.Score > 0));
        Assert.DoesNotContain("temporarily unable", chat.Answer);
    }

    [Fact]
    public async Task Chat_SecondTurn_UsesHistory_AndSessionKeepsTurnsInOrder()
    {
        using var client = fixture.CreateClient("chatapi");
        var first = await client.ChatAsync("What does the redis circuit breaker protect?");
        var sessionId = first.SessionId;
        Assert.Equal(0, first.ContextTurns);

        var second = await client.ChatAsync("How long does it stay open?", sessionId);
        Assert.Equal(sessionId, second.SessionId);
        Assert.Equal(2, second.ContextTurns);

        var session = await client.SessionAsync(sessionId);
        var turns = session.Turns;
        Assert.Equal(["user", "assistant", "user", "assistant"], turns.Select(t => t.Role));
        Assert.Equal("What does the redis circuit breaker protect?", turns[0].Text);
        Assert.Equal("How long does it stay open?", turns[2].Text);
        Assert.False(session.Degraded);
    }

    [Fact]
    public async Task Chat_FollowUpNamingAnotherBreaker_IsAnsweredAboutThatBreaker()
    {
        // Through chatapi (the follow-up reaches rag with the previous question after it) and rag's hybrid ranking.
        using var client = fixture.CreateClient("chatapi");
        var first = await client.ChatAsync("How long does the RAG breaker stay open?");
        Assert.Matches(@"\b30 seconds", first.Answer);

        var second = await client.ChatAsync("and the redis one?", first.SessionId);
        Assert.Matches(@"\b15 seconds", second.Answer);
        Assert.DoesNotMatch(@"\b(30|45) seconds", second.Answer);
        Assert.Contains(second.Sources, s => s.Title.Contains("redis", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Health_AllUp_IsHealthyInTheSeedShape()
    {
        using var client = fixture.CreateClient("chatapi");
        // Reachability in /health comes from a probe round cached for a few seconds; one that ran while a dependency
        // was still warming up (the fixture waits for each resource's own health, not for chatapi's cache) reports
        // degraded until the next round. All up means healthy once a round has seen them up.
        ChatHealthEndpoint.HealthResponse? health = null;
        var healthy = await ChatHttp.EventuallyAsync(async () =>
        {
            using var response = await client.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            health = await response.Content.ReadFromJsonAsync<ChatHealthEndpoint.HealthResponse>(ContractJson.SnakeCase);
            return health?.Status == "healthy";
        }, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500));
        Assert.True(healthy, $"/health never became healthy: {JsonSerializer.Serialize(health, ContractJson.SnakeCase)}");
        Assert.Equal("xnai-chatapi", health!.Service);
        Assert.False(string.IsNullOrEmpty(health.Version));
        Assert.InRange(health.Timestamp, DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds());
        foreach (var name in new[] { "rag_api", "session_store", "voice_processing" })
        {
            Assert.True(health.Services[name], name);
        }

        // That last_failure and retry_after_seconds are written as null (not left out) is pinned in WireShapeTests.
        foreach (var name in new[] { "rag_api", "redis", "voice_processing" })
        {
            var breaker = health.CircuitBreakers[name];
            Assert.Equal("closed", breaker.State);
            Assert.Equal(0, breaker.FailCount);
            Assert.Null(breaker.LastFailure);
            Assert.Null(breaker.RetryAfterSeconds);
        }
    }

    [Fact]
    public async Task Metrics_ExposeTheSeedsBreakerStateGauge()
    {
        using var client = fixture.CreateClient("chatapi");
        var text = await client.GetStringAsync("/metrics");
        foreach (var name in new[] { "rag_api", "redis", "voice_processing" })
        {
            Assert.Equal(0, ChatHttp.Sample(text, "circuit_breaker_state", name));
        }
    }

    [Fact]
    public async Task OpenApi_DocumentDescribesTheChatRoutes()
    {
        using var client = fixture.CreateClient("chatapi");
        // The OpenAPI document is ASP.NET Core's, not one of our contracts: read as JSON.
        var doc = await client.GetJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        foreach (var path in new[] { "/api/chat", "/api/chat/voice", "/api/sessions/{id}", "/api/circuits", "/health" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} missing from OpenAPI");
        }
    }

    [Theory]
    [InlineData("isolate", null)]
    [InlineData("reset", "wrong-key")]
    [InlineData("disable", "")]
    public async Task CircuitControls_WithoutTheKey_Are401AndChangeNothing(string action, string? key)
    {
        using var client = fixture.CreateClient("chatapi");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/circuits/rag_api/{action}");
        if (key is not null)
        {
            request.Headers.Add("X-Admin-Key", key);
        }

        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("closed", (await client.CircuitAsync("rag_api")).State);
    }

    [Fact]
    public async Task CircuitControls_WithTheKey_IsolateThenReset()
    {
        using var admin = fixture.CreateAdminClient("chatapi");
        using var client = fixture.CreateClient("chatapi");
        try
        {
            (await admin.PostAsync("/api/circuits/voice_processing/isolate", null)).EnsureSuccessStatusCode();
            Assert.Equal("isolated", (await client.CircuitAsync("voice_processing")).State);

            using var unknown = await admin.PostAsync("/api/circuits/nope/isolate", null);
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }
        finally
        {
            (await admin.PostAsync("/api/circuits/voice_processing/reset", null)).EnsureSuccessStatusCode();
        }

        Assert.Equal("closed", (await client.CircuitAsync("voice_processing")).State);
    }

    [Fact]
    public async Task CircuitStream_SendsTransitionsAsServerSentEvents()
    {
        using var client = fixture.CreateClient("chatapi");
        using var admin = fixture.CreateAdminClient("chatapi");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.GetAsync("/api/circuits/stream", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        using var reader = new StreamReader(stream);
        try
        {
            string? eventType = null;
            var isolated = false;
            while (await reader.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    eventType = line["event:".Length..].Trim();
                }
                else if (!isolated && line.StartsWith("data:", StringComparison.Ordinal) && line.Contains("\"kind\":\"state\"", StringComparison.Ordinal))
                {
                    // The stream opens with each breaker's current state: the subscription is live, now change one.
                    (await admin.PostAsync("/api/circuits/voice_processing/isolate", null, timeout.Token)).EnsureSuccessStatusCode();
                    isolated = true;
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal) && line.Contains("\"to\":\"isolated\"", StringComparison.Ordinal))
                {
                    var data = JsonSerializer.Deserialize<CircuitEventView>(line["data:".Length..], ContractJson.SnakeCase)!;
                    Assert.Equal("circuit", eventType);
                    Assert.Equal("voice_processing", data.Circuit);
                    Assert.Equal("closed", data.From);
                    break;
                }
            }
        }
        finally
        {
            (await admin.PostAsync("/api/circuits/voice_processing/reset", null)).EnsureSuccessStatusCode();
        }

        Assert.Contains(await client.CircuitEventsAsync(), e => e.Circuit == "voice_processing" && e.To == "isolated");
    }

    public static TheoryData<string, string, string, string, int> BadInputs() => new()
    {
        // name, path, content type, body, expected status
        { "empty message", "/api/chat", "application/json", """{"message":""}""", 400 },
        { "blank message", "/api/chat", "application/json", """{"message":"   \n\t"}""", 400 },
        { "missing message", "/api/chat", "application/json", """{"sessionId":"abcdefgh12"}""", 400 },
        { "message too long", "/api/chat", "application/json", $$"""{"message":"{{new string('a', 4001)}}"}""", 400 },
        { "malformed json", "/api/chat", "application/json", """{"message": "hi" """, 400 },
        { "json array", "/api/chat", "application/json", """["hi"]""", 400 },
        { "wrong type", "/api/chat", "application/json", """{"message": 42}""", 400 },
        { "bad session id", "/api/chat", "application/json", """{"message":"hi","sessionId":"../../etc/passwd"}""", 400 },
        { "short session id", "/api/chat", "application/json", """{"message":"hi","sessionId":"abc"}""", 400 },
        { "text/plain body", "/api/chat", "text/plain", "hello", 415 },
        { "voice: not a wav", "/api/chat/voice", "audio/wav", "this is not audio at all", 415 },
        { "voice: empty", "/api/chat/voice", "audio/wav", "", 400 },
        { "voice: json", "/api/chat/voice", "application/json", """{"message":"hi"}""", 415 },
        { "voice: bad session", "/api/chat/voice?sessionId=%2F%2F", "audio/wav", "RIFF", 400 },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task BadInput_IsA4xxProblem_NeverA500(string name, string path, string contentType, string body, int expected)
    {
        using var client = fixture.CreateClient("chatapi");
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await client.PostAsync(path, content);
        Assert.True(expected == (int)response.StatusCode, $"{name}: expected {expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task BadInput_OversizedRecording_Is413()
    {
        using var client = fixture.CreateClient("chatapi");
        var wav = new byte[6 * 1024 * 1024];
        "RIFF"u8.CopyTo(wav);
        "WAVE"u8.CopyTo(wav.AsSpan(8));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat/voice") { Content = new ByteArrayContent(wav) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");

        // As curl does for large uploads: the server can refuse before the body is sent.
        request.Headers.ExpectContinue = true;
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("has space in it")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task GetSession_BadId_Is400(string id)
    {
        using var client = fixture.CreateClient("chatapi");
        using var response = await client.GetAsync($"/api/sessions/{Uri.EscapeDataString(id)}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task GetSession_Unknown_IsEmpty()
    {
        using var client = fixture.CreateClient("chatapi");
        var session = await client.SessionAsync($"{Guid.NewGuid():N}");
        Assert.Empty(session.Turns);
    }
}
