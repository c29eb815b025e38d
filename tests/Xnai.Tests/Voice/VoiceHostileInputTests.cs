using System.Net;
using System.Net.Http.Json;
using Xnai.Tests.Http;
using Xnai.VoiceWorker;

namespace Xnai.Tests.Voice;

/// <summary>voice's real Program on Kestrel (Development) on a fresh port per class.</summary>
public sealed class VoiceHost() : KestrelAppFactory<VoiceOptions>(new Dictionary<string, string?>());

/// <summary>
/// voice against every class of bad upload through the real HTTP stack, and a seeded fuzz of mutated WAV headers:
/// never a 500, no Error logged, still recognising afterwards.
/// </summary>
[Trait("Category", "Unit")]
public sealed class VoiceHostileInputTests(VoiceHost host) : IClassFixture<VoiceHost>
{
    private static readonly byte[] Wav = TestWav.Riff(TestWav.Fmt(TestWav.Pcm, 1, 16_000, 16), TestWav.Chunk("data", new byte[16_000]));

    public static readonly Dictionary<string, BadRequestCase> Cases = new()
    {
        ["multipart without boundary"] = new("POST", "/api/stt", "multipart/form-data", BadRequestCase.Multipart("b", Wav, complete: true), 400),
        ["multipart cut off mid-file"] = new("POST", "/api/stt", "multipart/form-data; boundary=b", BadRequestCase.Multipart("b", Wav, complete: false), 400),
        ["multipart without a file field"] = new("POST", "/api/stt", "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--b--\r\n"u8.ToArray(), 400),
        ["a WAV in another field than 'file'"] = new("POST", "/api/stt", "multipart/form-data; boundary=b", BadRequestCase.Multipart("b", Wav, complete: true, field: "audio"), 400),
        ["a type that only starts like a WAV type"] = new("POST", "/api/stt", "audio/wavx", Wav, 415),
        ["text/plain"] = new("POST", "/api/stt", "text/plain", "hello"u8.ToArray(), 415),
        ["upload over the limit"] = new("POST", "/api/stt", "audio/wav", new byte[(5 * 1024 * 1024) + 1], 413),
        ["tts: malformed JSON"] = BadRequestCase.Json("/api/tts", "{\"text\":", 400),
        ["tts: unknown charset"] = BadRequestCase.Json("/api/tts", "{\"text\":\"hello\"}", 415, "application/json; charset=x-no-such-charset"),
        ["tts: charset .NET no longer decodes (UTF-7)"] = BadRequestCase.Json("/api/tts", "{\"text\":\"hello\"}", 415, "application/json; charset=utf-7"),
        ["stt: audio/wav with a charset"] = new("POST", "/api/stt", "audio/wav; charset=utf-7", Wav, 415),
        ["tts: unknown voice with control characters"] = BadRequestCase.Json("/api/tts", "{\"text\":\"hello\",\"voice\":\"x\\u001b[31m\\n\"}", 400),
        ["fault injection without the admin key"] = BadRequestCase.Json("/api/admin/faults", "{\"outage\":true}", 401),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task BadUpload_Gets4xxProblem_LogsNoError_AndVoiceStillAnswers(string name)
    {
        using var client = host.CreateServiceClient();

        await Cases[name].AssertAsync(client);

        Assert.Empty(host.Errors());
        using var voices = await client.GetAsync("/api/voices");
        Assert.Equal(HttpStatusCode.OK, voices.StatusCode);
    }

    [Fact]
    public async Task UnknownVoice_DetailCarriesNoControlCharacters()
    {
        using var client = host.CreateServiceClient();

        using var response = await client.PostAsJsonAsync("/api/tts", new { text = "hello", voice = "x\u001b[31m\nInjected: yes" });

        var detail = (await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>(ContractJson.Web))!.Detail!;
        Assert.DoesNotContain(detail, char.IsControl);
    }

    [Fact]
    public async Task TwoHundredMutatedWavHeaders_NoServerError_HealthyAfterwards()
    {
        var mutator = new Mutator(20261203);
        using var client = host.CreateServiceClient();
        for (var i = 0; i < 200; i++)
        {
            using var content = new ByteArrayContent(mutator.MutateBytes(Wav, headerBytes: 44));
            content.Headers.ContentType = ContentTypes.Wav;
            using var response = await client.PostAsync("/api/stt", content).WaitAsync(TimeSpan.FromSeconds(30));

            // 503 only as "every decoder busy" (Retry-After), never as a failure.
            var status = (int)response.StatusCode;
            Assert.True(status < 500 || (status == 503 && response.Headers.RetryAfter is not null), $"request {i} got {status}: {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Empty(host.Errors());
        using var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.DoesNotContain("/usr/", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
