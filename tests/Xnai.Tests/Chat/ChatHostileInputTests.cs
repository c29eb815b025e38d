using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xnai.ChatApi.Chat;
using Xnai.Tests.Http;
using Xnai.Tests.Voice;

namespace Xnai.Tests.Chat;

/// <summary>
/// chatapi against every class of bad input, through the real HTTP stack (Kestrel, Development): each gets its 4xx as
/// problem details, nothing logs an Error, and the service still answers a normal message afterwards.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ChatHostileInputTests(ChatApiHost host) : IClassFixture<ChatApiHost>
{
    private static readonly byte[] Wav = TestWav.Riff(TestWav.Fmt(TestWav.Pcm, 1, 16_000, 16), TestWav.Chunk("data", new byte[3_200]));

    public static readonly Dictionary<string, BadRequestCase> Cases = new()
    {
        ["malformed JSON"] = BadRequestCase.Json("/api/chat", "{bad json", 400),
        ["empty body"] = BadRequestCase.Json("/api/chat", "", 400),
        ["null body"] = BadRequestCase.Json("/api/chat", "null", 400),
        ["array body"] = BadRequestCase.Json("/api/chat", "[]", 400),
        ["message of the wrong type"] = BadRequestCase.Json("/api/chat", "{\"message\":42}", 400),
        ["truncated JSON"] = BadRequestCase.Json("/api/chat", "{\"message\":\"hel", 400),
        ["nesting deeper than the reader allows"] = BadRequestCase.Json("/api/chat", new string('[', 200) + new string(']', 200), 400),
        ["unknown charset"] = BadRequestCase.Json("/api/chat", "{\"message\":\"hi\"}", 415, "application/json; charset=x-no-such-charset"),
        ["charset .NET no longer decodes (UTF-7)"] = BadRequestCase.Json("/api/chat", "{\"message\":\"hi\"}", 415, "application/json; charset=utf-7"),
        ["charset other than UTF-8 (UTF-16)"] = BadRequestCase.Json("/api/chat", "{\"message\":\"hi\"}", 415, "application/json; charset=utf-16"),
        ["voice: audio/wav with a charset"] = new("POST", "/api/chat/voice", "audio/wav; charset=utf-7", Wav, 415),
        ["text/plain"] = BadRequestCase.Json("/api/chat", "{\"message\":\"hi\"}", 415, "text/plain"),
        ["no content type"] = new("POST", "/api/chat", null, "{\"message\":\"hi\"}"u8.ToArray(), 415),
        ["session id with a trailing newline"] = BadRequestCase.Json("/api/chat", "{\"message\":\"hi\",\"sessionId\":\"abcdefgh\\n\"}", 400),
        ["session id with NUL"] = BadRequestCase.Json("/api/chat", "{\"message\":\"hi\",\"sessionId\":\"abcd\\u0000efgh\"}", 400),
        ["message of control characters only"] = BadRequestCase.Json("/api/chat", "{\"message\":\"\\u0000\\u0001\\u001b\"}", 400),
        ["message over 4,000 characters"] = BadRequestCase.Json("/api/chat", $"{{\"message\":\"{new string('a', 4001)}\"}}", 400),
        ["body over the chat body limit"] = BadRequestCase.Json("/api/chat", $"{{\"message\":\"{new string('a', 40_000)}\"}}", 413),
        ["voice: multipart without boundary"] = new("POST", "/api/chat/voice", "multipart/form-data", BadRequestCase.Multipart("b", Wav, complete: true), 400),
        ["voice: multipart cut off mid-file"] = new("POST", "/api/chat/voice", "multipart/form-data; boundary=b", BadRequestCase.Multipart("b", Wav, complete: false), 400),
        ["voice: multipart with no file field"] = new("POST", "/api/chat/voice", "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--b--\r\n"u8.ToArray(), 400),
        ["voice: a WAV in another field than 'file'"] = new("POST", "/api/chat/voice", "multipart/form-data; boundary=b", BadRequestCase.Multipart("b", Wav, complete: true, field: "audio"), 400),
        ["voice: a type that only starts like a WAV type"] = new("POST", "/api/chat/voice", "audio/wavx", Wav, 415),
        ["voice: text as audio/wav"] = new("POST", "/api/chat/voice", "audio/wav", "hello"u8.ToArray(), 415),
        ["voice: empty audio"] = new("POST", "/api/chat/voice", "audio/wav", [], 400),
        ["voice: text/plain"] = new("POST", "/api/chat/voice", "text/plain", "hello"u8.ToArray(), 415),
        ["voice: session id with a trailing newline"] = new("POST", "/api/chat/voice?sessionId=abcdefgh%0A", "audio/wav", Wav, 400),
        ["voice: upload over the limit"] = new("POST", "/api/chat/voice", "audio/wav", new byte[(5 * 1024 * 1024) + (64 * 1024) + 1], 413),
        ["session: id with a trailing newline"] = BadRequestCase.Get("/api/sessions/abcdefgh%0A", 400),
        ["session: limit 0"] = BadRequestCase.Get("/api/sessions/abcdefgh?limit=0", 400),
        ["session: limit not a number"] = BadRequestCase.Get("/api/sessions/abcdefgh?limit=ten", 400),
        ["session: cursor with control characters"] = BadRequestCase.Get("/api/sessions/abcdefgh?before=%00%1b", 400),
        ["diagnostics without the admin key"] = BadRequestCase.Get("/api/diagnostics/dependencies", 401),
        ["circuit control without the admin key"] = new("POST", "/api/circuits/rag_api/isolate", null, [], 401),
        ["foreign Host header"] = BadRequestCase.Get("/api/circuits", 400, host: "evil.example"),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task BadInput_Gets4xxProblem_LogsNoError_AndTheChatStillAnswers(string name)
    {
        using var client = host.App.CreateServiceClient();

        await Cases[name].AssertAsync(client);

        Assert.Empty(host.App.Errors());
        using var normal = await client.PostAsJsonAsync("/api/chat", new { message = "How long does the RAG breaker stay open?" });
        Assert.Equal(HttpStatusCode.OK, normal.StatusCode);
    }

    [Fact]
    public async Task LongMessage_IsCutIntoAValidQuery_NotAFalseOutage()
    {
        using var client = host.App.CreateServiceClient();
        var message = string.Join(' ', Enumerable.Repeat("breaker", 450));

        using var response = await client.PostAsJsonAsync("/api/chat", new { message });

        var body = await response.Content.ReadAsStringAsync();
        Assert.False(JsonSerializer.Deserialize<ChatResponse>(body, ContractJson.Web)!.Degraded, body);
        Assert.InRange(host.Rag.QueryLengths[^1], 1, 2000);
    }

    [Fact]
    public async Task Diagnostics_WithTheAdminKey_Answers()
    {
        using var admin = host.App.CreateServiceClient(admin: true);

        using var response = await admin.GetAsync("/api/diagnostics/dependencies");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
