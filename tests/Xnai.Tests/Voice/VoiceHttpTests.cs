using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Xnai.Tests.Integration;
using Xnai.VoiceWorker.Endpoints;

namespace Xnai.Tests.Voice;

/// <summary>The voice service over HTTP inside the whole running app. Every test clears the faults it may have set.</summary>
[Collection(XnaiAppCollection.Name)]
[Trait("Category", "WholeApp")]
public sealed class VoiceHttpTests(XnaiAppFixture fixture) : IAsyncLifetime
{
    private const string Sentence = "your order has been shipped and will arrive tomorrow";
    private const string FaultsPath = "/api/admin/faults";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly HttpClient _client = fixture.CreateClient("voice");
    private readonly HttpClient _admin = fixture.CreateAdminClient("voice");

    public static TheoryData<string, string, byte[], HttpStatusCode> BadUploads() => new()
    {
        { "text/plain body", "text/plain", "hello"u8.ToArray(), HttpStatusCode.UnsupportedMediaType },
        { "text sent as audio/wav", "audio/wav", "hello, this is not audio"u8.ToArray(), HttpStatusCode.UnsupportedMediaType },
        { "empty body", "audio/wav", [], HttpStatusCode.BadRequest },
        { "truncated header", "audio/wav", "RIFF\u0024\0\0\0WA"u8.ToArray(), HttpStatusCode.BadRequest },
        { "mu-law", "audio/wav", TestWav.Riff(TestWav.Fmt(TestWav.MuLaw, 1, 8_000, 8), TestWav.Chunk("data", new byte[8_000])), HttpStatusCode.UnsupportedMediaType },
        { "data chunk larger than the file", "application/octet-stream", TestWav.Riff(TestWav.Fmt(TestWav.Pcm, 1, 16_000, 16), TestWav.Chunk("data", new byte[100], declaredSize: 100_000)), HttpStatusCode.BadRequest },
        { "31 s of audio", "audio/wav", TestWav.Riff(TestWav.Fmt(TestWav.Pcm, 1, 8_000, 8), TestWav.Chunk("data", new byte[31 * 8_000])), HttpStatusCode.RequestEntityTooLarge },
        { "body over 5 MB", "audio/wav", new byte[(5 * 1024 * 1024) + 1], HttpStatusCode.RequestEntityTooLarge },
    };

    [Fact]
    public async Task TtsThenStt_OverHttp_ReturnsTheSentence()
    {
        using var tts = await _client.PostAsJsonAsync("/api/tts", new { text = Sentence }).WaitAsync(Timeout);
        Assert.Equal(HttpStatusCode.OK, tts.StatusCode);
        Assert.Equal("audio/wav", tts.Content.Headers.ContentType?.MediaType);
        var wav = await tts.Content.ReadAsByteArrayAsync().WaitAsync(Timeout);
        Assert.Equal("RIFF"u8.ToArray(), wav[..4]);

        using var body = new ByteArrayContent(wav);
        body.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        using var stt = await _client.PostAsync("/api/stt", body).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, stt.StatusCode);
        var result = (await stt.Content.ReadFromJsonAsync<SttResponse>(ContractJson.Web).WaitAsync(Timeout))!;
        Assert.InRange(WordErrorRate.Errors(Sentence, result.Text), 0, 1);
        Assert.True(result.DurationMs > 1_000, $"{result.DurationMs} ms");
        Assert.True(result.DecodeMs > 0, $"decode {result.DecodeMs} ms");
    }

    [Fact]
    public async Task Stt_MultipartFileField_ReturnsText()
    {
        using var tts = await _client.PostAsJsonAsync("/api/tts", new { text = "the search results are ready", voice = "kal16" }).WaitAsync(Timeout);
        var wav = await tts.Content.ReadAsByteArrayAsync().WaitAsync(Timeout);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(wav), "file", "speech.wav" } };

        using var stt = await _client.PostAsync("/api/stt", form).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, stt.StatusCode);
        var result = (await stt.Content.ReadFromJsonAsync<SttResponse>(ContractJson.Web).WaitAsync(Timeout))!;
        Assert.Equal("the search results are ready", result.Text);
    }

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task Stt_BadUpload_ProblemDetails(string name, string contentType, byte[] bytes, HttpStatusCode status)
    {
        using var body = new ByteArrayContent(bytes);
        body.Headers.ContentType = new MediaTypeHeaderValue(contentType);

        // Expect: 100-continue lets the service turn down an oversized body before it is sent, as a real client should;
        // without it the server's early 413 races the upload and the client may see a broken pipe instead.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/stt") { Content = body };
        request.Headers.ExpectContinue = true;
        using var response = await _client.SendAsync(request).WaitAsync(Timeout);

        Assert.True(status == response.StatusCode, $"{name}: expected {status}, got {response.StatusCode}");
        await AssertProblemAsync(response);
    }

    [Theory]
    [InlineData("""{"text":""", "malformed JSON")]
    [InlineData("""{"text":""}""", "empty text")]
    [InlineData("""{"text":"hello","voice":"espeak"}""", "unknown voice")]
    [InlineData("""{"text":42}""", "wrong type")]
    public async Task Tts_BadRequest_400ProblemDetails(string json, string name)
    {
        using var body = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        using var response = await _client.PostAsync("/api/tts", body).WaitAsync(Timeout);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: got {response.StatusCode}");
        await AssertProblemAsync(response);
    }

    [Fact]
    public async Task Health_EnginesInstalled_Healthy()
    {
        var health = await _client.HealthReportAsync().WaitAsync(Timeout);

        Assert.Equal("healthy", health.Checks["speech-engines"].Status);
    }

    [Fact]
    public async Task Faults_WithoutAdminKey_401()
    {
        using var response = await _client.PostAsJsonAsync(FaultsPath, new { outage = true }).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertProblemAsync(response);
    }

    [Fact]
    public async Task Faults_Outage_SpeechAnswers503UntilCleared()
    {
        using (var set = await _admin.PostAsJsonAsync(FaultsPath, new { outage = true }).WaitAsync(Timeout))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        using (var failed = await _client.PostAsJsonAsync("/api/tts", new { text = "hello" }).WaitAsync(Timeout))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
            await AssertProblemAsync(failed);
        }

        using (var cleared = await _admin.DeleteAsync(FaultsPath).WaitAsync(Timeout))
        {
            Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        }

        using var recovered = await _client.PostAsJsonAsync("/api/tts", new { text = "hello" }).WaitAsync(Timeout);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // Leave the shared app as found, whatever the test did.
        using var response = await _admin.DeleteAsync(FaultsPath).WaitAsync(Timeout);
        _client.Dispose();
        _admin.Dispose();
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(ContractJson.Web).WaitAsync(Timeout);
        Assert.Equal((int)response.StatusCode, problem!.Status);
    }
}
