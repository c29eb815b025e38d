using System.Net;
using System.Net.Http.Json;
using Xnai.RagStub.Endpoints;

namespace Xnai.Tests.Chat;

/// <summary>
/// The knowledge base on the wire, in process: validates each query with rag's own rule (1..2,000 characters) and answers
/// 400 or a fixed answer, like rag would; or fails as an unreachable host whose error text names an internal address.
/// </summary>
public sealed class FakeRagHandler : HttpMessageHandler
{
    public const string InternalAddress = "10.20.30.40:5103";

    private readonly List<int> _queryLengths = [];

    /// <summary>When true, every call fails with a connection error naming <see cref="InternalAddress"/>.</summary>
    public bool Unreachable { get; set; }

    public IReadOnlyList<int> QueryLengths
    {
        get
        {
            lock (_queryLengths)
            {
                return [.. _queryLengths];
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Unreachable)
        {
            throw new HttpRequestException($"Connection refused ({InternalAddress}) while reading /srv/xnai/rag/index");
        }

        var body = (await request.Content!.ReadFromJsonAsync<QueryRequest>(ContractJson.Web, cancellationToken))!;
        var query = body.Query;
        lock (_queryLengths)
        {
            _queryLengths.Add(query?.Length ?? 0);
        }

        if (QueryEndpoints.Validate(body with { TopK = body.TopK ?? throw new InvalidOperationException("chatapi sent no topK") }).Count > 0)
        {
            return new HttpResponseMessage(HttpStatusCode.BadRequest);
        }

        return new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = JsonContent.Create(new { answer = "The RAG breaker opens after 3 consecutive failures.", sources = Array.Empty<object>() }),
        };
    }

    // The client factory disposes expired handlers; this one lives as long as the test host.
    protected override void Dispose(bool disposing)
    {
    }
}
