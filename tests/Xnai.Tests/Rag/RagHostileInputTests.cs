using System.Net;
using System.Net.Http.Json;
using Xnai.Tests.Http;

namespace Xnai.Tests.Rag;

/// <summary>
/// rag's real Program on Kestrel (Development) on a fresh port per class. The semantic tier is off: these tests are
/// about the door, and building the vectors on a cold cache is a minute of CPU.
/// </summary>
public sealed class RagHost() : KestrelAppFactory<Xnai.RagStub.Knowledge.KnowledgeOptions>(new Dictionary<string, string?>
{
    [$"{Xnai.RagStub.Semantic.SemanticOptions.SectionName}:Enabled"] = "false",
});

/// <summary>
/// rag against every class of bad input through the real HTTP stack: 4xx problem details, no Error logged, still
/// answering; plus a seeded fuzz of a few hundred mutated bodies, content types and headers.
/// </summary>
[Trait("Category", "Unit")]
public sealed class RagHostileInputTests(RagHost host) : IClassFixture<RagHost>
{
    public static readonly Dictionary<string, BadRequestCase> Cases = new()
    {
        ["malformed JSON"] = BadRequestCase.Json("/api/query", "{bad json", 400),
        ["truncated JSON"] = BadRequestCase.Json("/api/query", "{\"query\":\"brea", 400),
        ["unknown charset"] = BadRequestCase.Json("/api/query", "{\"query\":\"breaker\"}", 415, "application/json; charset=x-no-such-charset"),
        ["charset .NET no longer decodes (UTF-7)"] = BadRequestCase.Json("/api/query", "{\"query\":\"breaker\"}", 415, "application/json; charset=utf-7"),
        ["text/plain"] = BadRequestCase.Json("/api/query", "{\"query\":\"breaker\"}", 415, "text/plain"),
        ["query over 2,000 characters"] = BadRequestCase.Json("/api/query", $"{{\"query\":\"{new string('q', 2001)}\"}}", 400),
        ["body over the default body limit"] = BadRequestCase.Json("/api/query", $"{{\"query\":\"{new string('q', 70_000)}\"}}", 413),
        ["fault injection without the admin key"] = BadRequestCase.Json("/api/admin/faults", "{\"errorRate\":1}", 401),
        ["foreign Host header"] = BadRequestCase.Get("/health", 400, host: "evil.example"),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task BadInput_Gets4xxProblem_LogsNoError_AndRagStillAnswers(string name)
    {
        using var client = host.CreateServiceClient();

        await Cases[name].AssertAsync(client);

        Assert.Empty(host.Errors());
        using var normal = await client.PostAsJsonAsync("/api/query", new { query = "How long does the RAG breaker stay open?" });
        Assert.Equal(HttpStatusCode.OK, normal.StatusCode);
    }

    [Fact]
    public async Task Health_ShowsNoFilesystemPaths()
    {
        using var client = host.CreateServiceClient();

        var health = await client.GetStringAsync("/health");

        Assert.Contains("\"status\":\"healthy\"", health, StringComparison.Ordinal);
        Assert.DoesNotContain(AppContext.BaseDirectory.TrimEnd('/'), health, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThreeHundredMutatedQueries_NoServerError_HealthyAfterwards()
    {
        var mutator = new Mutator(20261202);
        using var client = host.CreateServiceClient();
        string[] bodies = ["{\"query\":\"How does the voice breaker work?\",\"topK\":3}", "{\"query\":\"admin key\"}"];
        for (var i = 0; i < 300; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/query") { Content = new ByteArrayContent(mutator.MutateText(mutator.Pick(bodies))) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", mutator.Next(3) == 0 ? mutator.ContentType() : "application/json");
            if (mutator.Next(3) == 0)
            {
                var (header, value) = mutator.Header();
                request.Headers.TryAddWithoutValidation(header, value);
            }

            using var response = await client.SendAsync(request).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True((int)response.StatusCode < 500, $"request {i} got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Empty(host.Errors());
        using var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
