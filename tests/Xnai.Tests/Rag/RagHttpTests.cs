using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xnai.Chaos;
using Xnai.RagStub.Endpoints;
using Xnai.Tests.Chat;
using Xnai.Tests.Integration;

namespace Xnai.Tests.Rag;

/// <summary>
/// The rag service's HTTP surface inside the running app. Every test that injects faults clears them
/// in <c>finally</c>, so the other tests sharing the app find rag healthy.
/// </summary>
[Collection(XnaiAppCollection.Name)]
[Trait("Category", "WholeApp")]
public sealed class RagHttpTests(XnaiAppFixture fixture)
{
    private const string Faults = "/api/admin/faults";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static TheoryData<string, string, HttpStatusCode> BadInputs => new()
    {
        { "application/json", "{bad json", HttpStatusCode.BadRequest },
        { "application/json", "", HttpStatusCode.BadRequest },
        { "application/json", "null", HttpStatusCode.BadRequest },
        { "application/json", "[]", HttpStatusCode.BadRequest },
        { "application/json", "{}", HttpStatusCode.BadRequest },
        { "application/json", "{\"query\":\"\"}", HttpStatusCode.BadRequest },
        { "application/json", "{\"query\":\"   \"}", HttpStatusCode.BadRequest },
        { "application/json", "{\"query\":42}", HttpStatusCode.BadRequest },
        { "application/json", $"{{\"query\":\"{new string('q', 2001)}\"}}", HttpStatusCode.BadRequest },
        { "application/json", "{\"query\":\"breaker\",\"topK\":0}", HttpStatusCode.BadRequest },
        { "application/json", "{\"query\":\"breaker\",\"topK\":21}", HttpStatusCode.BadRequest },
        { "application/json", "{\"query\":\"breaker\",\"topK\":1e40}", HttpStatusCode.BadRequest },
        { "application/json", "{\"query\":\"breaker\",\"topK\":\"three\"}", HttpStatusCode.BadRequest },
        { "application/json", "{\"query\":\"breaker\",\"topK\":2.5}", HttpStatusCode.BadRequest },
        // A lone surrogate is not valid Unicode: System.Text.Json refuses it, so 400, never 500.
        { "application/json", "{\"query\":\"\\ud800\"}", HttpStatusCode.BadRequest },
        { "application/json", "{\"query\":\":*?~\\\"()[]{}^!\\\\/+-&|\"}", HttpStatusCode.OK },
        { "application/json", "{\"query\":\"熔断器 🔥 قاطع\"}", HttpStatusCode.OK },
        { "text/plain", "{\"query\":\"breaker\"}", HttpStatusCode.UnsupportedMediaType },
    };

    [Fact]
    public async Task Query_Question_ReturnsRankedSources()
    {
        using var client = fixture.CreateClient("rag");

        using var response = await client.PostAsJsonAsync("/api/query", new { query = "Why does the voice breaker open after two failures?", topK = 3 }).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<QueryResponse>(ContractJson.Web).WaitAsync(Timeout))!;
        var sources = body.Sources;
        Assert.Equal(3, sources.Count);
        Assert.Equal("breaker-voice-processing.md", sources[0].Document);
        var scores = sources.Select(s => s.Score).ToList();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
        Assert.All(sources, s => Assert.False(string.IsNullOrEmpty(s.Title)));
        Assert.All(sources, s => Assert.False(string.IsNullOrEmpty(s.Snippet)));
        // A "why" question is answered with the document's reason, and the source it cites quotes it.
        Assert.Contains("Tripping after two failures spares users from repeated slow failures", body.Answer);
        Assert.Contains("[1]", body.Answer);
        Assert.NotNull(sources[0].Quoted);
        Assert.Contains(sources[0].Quoted!, q => q.StartsWith("Tripping after two failures", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Query_NoMatch_Returns200WithEmptySources()
    {
        using var client = fixture.CreateClient("rag");

        using var response = await client.PostAsJsonAsync("/api/query", new { query = "best chocolate cake recipe" }).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<QueryResponse>(ContractJson.Web).WaitAsync(Timeout))!;
        Assert.Empty(body.Sources);
        Assert.Contains("could not find a relevant passage", body.Answer);
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Query_BadOrAwkwardInput_NeverA500(string contentType, string body, HttpStatusCode expected)
    {
        using var client = fixture.CreateClient("rag");
        using var content = new StringContent(body, Encoding.UTF8, contentType);

        using var response = await client.PostAsync("/api/query", content).WaitAsync(Timeout);

        Assert.Equal(expected, response.StatusCode);
        if (expected != HttpStatusCode.OK)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData("GET", null)]
    [InlineData("POST", "wrong-key")]
    [InlineData("DELETE", "")]
    public async Task Faults_WithoutTheAdminKey_401AndNothingChanges(string method, string? key)
    {
        using var client = fixture.CreateClient("rag");
        using var request = new HttpRequestMessage(new HttpMethod(method), Faults)
        {
            Content = method == "POST" ? JsonContent.Create(new { outage = true }) : null,
        };
        if (key is not null)
        {
            request.Headers.Add("X-Admin-Key", key);
        }

        using var response = await client.SendAsync(request).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var query = await client.PostAsJsonAsync("/api/query", new { query = "redis breaker" }).WaitAsync(Timeout);
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
    }

    [Fact]
    public async Task Faults_OutageThenClear_QueriesFailThenRecover()
    {
        using var client = fixture.CreateClient("rag");
        using var admin = fixture.CreateAdminClient("rag");
        try
        {
            using (var set = await admin.PostAsJsonAsync(Faults, new { outage = true, durationSeconds = 120 }).WaitAsync(Timeout))
            {
                Assert.Equal(HttpStatusCode.OK, set.StatusCode);
            }

            for (var i = 0; i < 5; i++)
            {
                using var failed = await client.PostAsJsonAsync("/api/query", new { query = "redis breaker" }).WaitAsync(Timeout);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
            }

            // /health reuses its report for Xnai:Health:RefreshInterval (2 s), so the outage shows within a few seconds.
            string? faults = null;
            for (var attempt = 0; attempt < 40 && faults != "degraded"; attempt++)
            {
                await Task.Delay(attempt == 0 ? 0 : 250);
                var health = await client.HealthReportAsync().WaitAsync(Timeout);
                faults = health.Checks["faults"].Status;
            }

            Assert.Equal("degraded", faults);
            var state = await admin.GetFromJsonAsync<FaultState>(Faults, ContractJson.Web).WaitAsync(Timeout);
            Assert.True(state!.Outage);
        }
        finally
        {
            (await admin.DeleteAsync(Faults).WaitAsync(Timeout)).Dispose();
        }

        using var recovered = await client.PostAsJsonAsync("/api/query", new { query = "redis breaker" }).WaitAsync(Timeout);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
    }

    [Fact]
    public async Task Faults_HalfErrorRate_FailsAboutHalfTheQueries()
    {
        using var client = fixture.CreateClient("rag");
        using var admin = fixture.CreateAdminClient("rag");
        try
        {
            (await admin.PostAsJsonAsync(Faults, new { errorRate = 0.5, durationSeconds = 120 }).WaitAsync(Timeout)).Dispose();

            var failures = 0;
            for (var i = 0; i < 200; i++)
            {
                using var response = await client.PostAsJsonAsync("/api/query", new { query = "breaker" }).WaitAsync(Timeout);
                Assert.Contains(response.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable });
                failures += response.StatusCode == HttpStatusCode.ServiceUnavailable ? 1 : 0;
            }

            // 200 calls at p = 0.5: the standard deviation is about 7; 60..140 is far beyond chance.
            Assert.InRange(failures, 60, 140);
        }
        finally
        {
            (await admin.DeleteAsync(Faults).WaitAsync(Timeout)).Dispose();
        }
    }

    [Fact]
    public async Task Faults_BadBodies_400()
    {
        using var admin = fixture.CreateAdminClient("rag");
        string[] bodies = ["{bad", "{\"errorRate\":2}", "{\"latencyMs\":-5}", "{\"durationSeconds\":0,\"outage\":true}", "{}", "{\"errorRate\":\"lots\"}"];
        try
        {
            foreach (var body in bodies)
            {
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await admin.PostAsync(Faults, content).WaitAsync(Timeout);
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body} gave {(int)response.StatusCode}");
            }
        }
        finally
        {
            (await admin.DeleteAsync(Faults).WaitAsync(Timeout)).Dispose();
        }
    }

    [Fact]
    public async Task Health_ReportsDocumentsAndPassages()
    {
        using var client = fixture.CreateClient("rag");

        var health = await client.HealthReportAsync().WaitAsync(Timeout);

        var knowledge = health.Checks["knowledge"];
        Assert.Equal("healthy", knowledge.Status);
        Assert.NotNull(knowledge.Data);
        var documents = knowledge.Data["documents"].GetInt32();
        Assert.True(documents >= 30, $"{documents} documents");
        Assert.True(knowledge.Data["passages"].GetInt32() > documents);
    }

    [Fact]
    public async Task Query_SemanticTierFaulted_KeywordOnlyAndSaysSo_HybridOnceCleared()
    {
        using var client = fixture.CreateClient("rag");
        using var admin = fixture.CreateAdminClient("rag");
        var query = new { query = "Why does the voice breaker open after two failures?", topK = 3 };

        var ready = (await (await client.PostAsJsonAsync("/api/query", query).WaitAsync(Timeout)).Content.ReadFromJsonAsync<QueryResponse>(ContractJson.Web).WaitAsync(Timeout))!;
        Assert.Equal(QueryResponse.Hybrid, ready.Retrieval);
        Assert.False(ready.SemanticFallback);
        try
        {
            (await admin.PostAsJsonAsync(Faults + "/semantic", new { outage = true }).WaitAsync(Timeout)).EnsureSuccessStatusCode();

            // Two failed encodings (this query and the chat's), below the breaker's three: the shared app's breaker stays closed for the other tests.
            using var response = await client.PostAsJsonAsync("/api/query", query).WaitAsync(Timeout);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = (await response.Content.ReadFromJsonAsync<QueryResponse>(ContractJson.Web).WaitAsync(Timeout))!;
            Assert.Equal(QueryResponse.Keyword, body.Retrieval);
            Assert.True(body.SemanticFallback);
            Assert.Equal("breaker-voice-processing.md", body.Sources[0].Document);

            // chatapi passes it on: answered (not rag_api), but keyword-only.
            using var chatapi = fixture.CreateClient("chatapi");
            var chat = await Chat.ChatHttp.ChatAsync(chatapi, "Why does the voice breaker open after two failures?");
            Assert.Equal(["rag_semantic"], chat.DegradedServices);

            // /health answers from results cached for up to Xnai:Health:RefreshInterval (2 s): wait for the next refresh.
            HealthReportBody? health = null;
            Assert.True(await Chat.ChatHttp.EventuallyAsync(async () =>
            {
                health = await client.HealthReportAsync().WaitAsync(Timeout);
                return health.Checks["semantic"].Status == "degraded";
            }, TimeSpan.FromSeconds(10)), $"the semantic tier never showed as degraded: {JsonSerializer.Serialize(health)}");
            Assert.Equal("healthy", health!.Checks["faults"].Status);
        }
        finally
        {
            (await admin.DeleteAsync(Faults + "/semantic").WaitAsync(Timeout)).Dispose();
        }

        var cleared = (await (await client.PostAsJsonAsync("/api/query", query).WaitAsync(Timeout)).Content.ReadFromJsonAsync<QueryResponse>(ContractJson.Web).WaitAsync(Timeout))!;
        Assert.Equal(QueryResponse.Hybrid, cleared.Retrieval);
    }
}
