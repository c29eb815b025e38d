using System.Net;
using System.Net.Http.Json;
using Xnai.Tests.Http;

namespace Xnai.Tests.Chat;

/// <summary>
/// A few hundred seeded mutations of chat bodies, content types, headers and session URLs against chatapi on Kestrel:
/// no 5xx, none over its deadline, no Error logged, and the service is healthy afterwards.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ChatFuzzTests(ChatApiHost host) : IClassFixture<ChatApiHost>
{
    private const int Seed = 20261201;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static readonly string[] Bodies =
    [
        "{\"message\":\"How long does the RAG breaker stay open?\"}",
        "{\"message\":\"What is the admin key?\",\"sessionId\":\"0123456789abcdef0123456789abcdef\"}",
        "{\"message\":\"and then?\",\"sessionId\":\"session_1234\",\"extra\":[1,2,{\"a\":null}]}",
    ];

    [Fact]
    public async Task ThreeHundredMutatedRequests_NoServerError_NoHang_HealthyAfterwards()
    {
        var mutator = new Mutator(Seed);
        using var client = host.App.CreateServiceClient();
        var statuses = new Dictionary<int, int>();
        for (var i = 0; i < 300; i++)
        {
            using var request = NextRequest(mutator);
            using var response = await client.SendAsync(request).WaitAsync(Deadline);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.True(status < 500, $"request {i} ({request.Method} {request.RequestUri}) got {status}: {await response.Content.ReadAsStringAsync()}");
        }

        // The mutations reach the binder (400), the media-type checks (415) and still let some requests through (200).
        Assert.True(statuses.ContainsKey(200) && statuses.ContainsKey(400) && statuses.ContainsKey(415), string.Join(", ", statuses));
        Assert.True(host.App.Errors().Count == 0, string.Join("\n", host.App.Errors().Select(e => $"{e.Category}: {e.Message} {e.Exception}")));
        using var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var normal = await client.PostAsJsonAsync("/api/chat", new { message = "Still there?" });
        Assert.Equal(HttpStatusCode.OK, normal.StatusCode);
    }

    private static HttpRequestMessage NextRequest(Mutator mutator)
    {
        HttpRequestMessage request;
        if (mutator.Next(6) == 0)
        {
            // Session reads with mutated ids, limits and cursors.
            var id = Uri.EscapeDataString(System.Text.Encoding.UTF8.GetString(mutator.MutateText("0123456789abcdef")));
            request = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{(id.Length == 0 ? "x" : id)}?limit={mutator.Next(400) - 50}&before={id}");
        }
        else
        {
            request = new HttpRequestMessage(HttpMethod.Post, "/api/chat") { Content = new ByteArrayContent(mutator.MutateText(mutator.Pick(Bodies))) };
            var type = mutator.Next(3) == 0 ? mutator.ContentType() : "application/json";
            if (type.Length > 0)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
            }
        }

        if (mutator.Next(3) == 0)
        {
            var (name, value) = mutator.Header();
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }
}
