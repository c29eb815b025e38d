using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly;
using Xnai.Chaos;
using Xnai.VoiceWorker;
using Xnai.VoiceWorker.Endpoints;
using Xnai.VoiceWorker.Speech;
using Xnai.VoiceWorker.Telemetry;

namespace Xnai.Tests.Voice;

/// <summary>The endpoint handlers called in process with a hand-built <see cref="HttpContext"/>.</summary>
[Collection(SpeechCollection.Name)]
[Trait("Category", "Slow")]
public sealed class VoiceEndpointTests(SpeechEnginesFixture engines) : IDisposable
{
    private const string Sentence = "the knowledge base is temporarily unavailable";
    private const long SmallLimit = 64 * 1024;

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public static TheoryData<string, string?, byte[], int> BadUploads() => new()
    {
        { "no content type", null, TestWav.Build(TestWav.Sine(440, 16_000, 0.2), 1, 16_000, 16), 415 },
        { "text/plain", "text/plain", "hello"u8.ToArray(), 415 },
        { "empty WAV body", "audio/wav", [], 400 },
        { "text sent as WAV", "audio/wav", "hello, this is not audio"u8.ToArray(), 415 },
        { "mu-law", "audio/x-wav", TestWav.Riff(TestWav.Fmt(TestWav.MuLaw, 1, 8_000, 8), TestWav.Chunk("data", new byte[800])), 415 },
        { "truncated header", "audio/wave", "RIFF\u0024\0\0\0WA"u8.ToArray(), 400 },
        { "body over the limit", "application/octet-stream", new byte[SmallLimit + 1], 413 },
        { "audio over 30 s", "audio/wav", TestWav.Riff(TestWav.Fmt(TestWav.Pcm, 1, 8_000, 8), TestWav.Chunk("data", new byte[31 * 1_000])), 413 },
        { "multipart without file", "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--b--\r\n"u8.ToArray(), 400 },
        // A multipart body cut off mid-file is the shared exception handler's (HTTP pipeline): VoiceHostileInputTests.
    };

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task Recognize_BadUpload_ProblemWithStatus(string name, string? contentType, byte[] body, int status)
    {
        // 31 s of audio would not fit the small body limit, so the duration case shrinks the duration limit instead.
        var options = Options.Create(new VoiceOptions { MaxUploadBytes = SmallLimit, MaxAudioDuration = TimeSpan.FromSeconds(name == "audio over 30 s" ? 3 : 30) });
        var context = Request(contentType, body);

        var result = await Recognize(context, new SpeechToTextService(engines.Pool, options, TimeProvider.System), options);

        var problem = Assert.IsType<ProblemHttpResult>(result);
        Assert.True(status == problem.StatusCode, $"{name}: expected {status}, got {problem.StatusCode} ({problem.ProblemDetails.Detail})");
        Assert.False(string.IsNullOrEmpty(problem.ProblemDetails.Title));
    }

    [Fact]
    public async Task Recognize_DeclaredContentLengthOverLimit_413WithoutReading()
    {
        var options = Options.Create(new VoiceOptions { MaxUploadBytes = SmallLimit });
        var context = Request("audio/wav", []);
        context.Request.ContentLength = SmallLimit + 1;

        var problem = Assert.IsType<ProblemHttpResult>(await Recognize(context, engines.SpeechToText, options));

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, problem.StatusCode);
    }

    [Theory]
    [InlineData("audio/wav")]
    [InlineData("audio/x-wav")]
    [InlineData("multipart/form-data")]
    public async Task Recognize_Speech_ReturnsText(string contentType)
    {
        var wav = await engines.SpeakAsync(Sentence);
        var context = contentType == "multipart/form-data" ? Multipart(wav) : Request(contentType, wav);

        var ok = Assert.IsType<Ok<SttResponse>>(await Recognize(context, engines.SpeechToText, engines.Options));

        Assert.Equal(Sentence, ok.Value!.Text);
        Assert.InRange(ok.Value.DurationMs, 1_000, 10_000);
        Assert.True(ok.Value.DecodeMs > 0);
    }

    [Fact]
    public async Task Recognize_MoreParallelRequestsThanDecoders_SomeServedCorrectlyOthers503WithRetryAfter()
    {
        var wav = await engines.SpeakAsync(Sentence);
        var options = Options.Create(new VoiceOptions { Decoders = 1, DecoderWait = TimeSpan.Zero });
        using var pool = new RecognizerPool(() => VoiceWorkerExtensions.CreateRecognizer(engines.Model), 1, TimeSpan.Zero, TimeProvider.System);
        pool.WarmUp();
        var service = new SpeechToTextService(pool, options, TimeProvider.System);

        var contexts = Enumerable.Range(0, 6).Select(_ => Request("audio/wav", wav)).ToArray();
        using var start = new Barrier(contexts.Length);
        var results = await Task.WhenAll(contexts.Select(c => Task.Run(() =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(30));
            return Recognize(c, service, options);
        }))).WaitAsync(TimeSpan.FromMinutes(2));

        var served = results.OfType<Ok<SttResponse>>().ToList();
        var busy = results.OfType<ProblemHttpResult>().ToList();
        Assert.Equal(contexts.Length, served.Count + busy.Count);
        Assert.NotEmpty(served);
        Assert.All(served, ok => Assert.Equal(Sentence, ok.Value!.Text));
        Assert.All(busy, p => Assert.Equal(StatusCodes.Status503ServiceUnavailable, p.StatusCode));
        Assert.All(contexts.Zip(results).Where(x => x.Second is ProblemHttpResult), x => Assert.Equal("2", x.First.Response.Headers.RetryAfter.ToString()));
        Assert.Equal(0, pool.InUse);
    }

    [Theory]
    [InlineData(null, null, 400)]
    [InlineData("", null, 400)]
    [InlineData("   ", null, 400)]
    [InlineData("hello", "espeak", 400)]
    [InlineData("hello", "../../bin/sh", 400)]
    [InlineData("hello", null, 200)]
    [InlineData("hello", "slt", 200)]
    public async Task Synthesize_Request_Status(string? text, string? voice, int status)
    {
        var result = await Synthesize(new TtsRequest(text, voice));

        Assert.Equal(status, result is FileContentHttpResult ? StatusCodes.Status200OK : Assert.IsType<ProblemHttpResult>(result).StatusCode);
    }

    [Fact]
    public async Task Synthesize_TextOverThousandCharacters_400()
    {
        var result = await Synthesize(new TtsRequest(new string('a', VoiceEndpoints.MaxTextLength + 1)));

        Assert.Equal(StatusCodes.Status400BadRequest, Assert.IsType<ProblemHttpResult>(result).StatusCode);
    }

    [Fact]
    public async Task Synthesize_UnknownVoice_ProblemListsAllowedVoices()
    {
        var problem = Assert.IsType<ProblemHttpResult>(await Synthesize(new TtsRequest("hello", "nope")));

        var allowed = Assert.IsAssignableFrom<IReadOnlyList<string>>(problem.ProblemDetails.Extensions["allowedVoices"]);
        Assert.Contains("kal16", allowed);
        Assert.Contains("kal16", problem.ProblemDetails.Detail);
    }

    [Fact]
    public async Task Synthesize_ThousandCharacters_ReturnsWav()
    {
        var text = string.Concat(Enumerable.Repeat("the answer is ready. ", 50))[..VoiceEndpoints.MaxTextLength];

        var file = Assert.IsType<FileContentHttpResult>(await Synthesize(new TtsRequest(text)));

        Assert.Equal("audio/wav", file.ContentType);
        Assert.Equal("RIFF"u8.ToArray(), file.FileContents.ToArray()[..4]);
    }

    [Fact]
    public async Task Synthesize_InjectedOutage_503Injected()
    {
        var control = new FaultControl(TimeProvider.System);
        control.Set(errorRate: 0, latencyMs: 0, outage: true, duration: null);
        var chaos = new ResiliencePipelineBuilder().AddXnaiFaults(control).Build();

        var result = (await VoiceEndpoints.SynthesizeAsync(new TtsRequest("hello"), engines.Synthesizer, chaos, Metrics(engines.Pool), engines.Options, TimeProvider.System, new DefaultHttpContext(), CancellationToken.None)
            .WaitAsync(TimeSpan.FromMinutes(1))).Result;

        var problem = Assert.IsType<ProblemHttpResult>(result);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, problem.StatusCode);
        Assert.Equal(true, problem.ProblemDetails.Extensions["injected"]);
    }

    [Fact]
    public async Task Recognize_InjectedOutage_503Injected()
    {
        var control = new FaultControl(TimeProvider.System);
        control.Set(errorRate: 0, latencyMs: 0, outage: true, duration: null);
        var chaos = new ResiliencePipelineBuilder().AddXnaiFaults(control).Build();
        var context = Request("audio/wav", await engines.SpeakAsync(Sentence));

        var result = (await VoiceEndpoints.RecognizeAsync(context, engines.SpeechToText, chaos, Metrics(engines.Pool), engines.Options, CancellationToken.None)
            .WaitAsync(TimeSpan.FromMinutes(1))).Result;

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, Assert.IsType<ProblemHttpResult>(result).StatusCode);
        Assert.Equal(0, engines.Pool.InUse);
    }

    public void Dispose() => _services.Dispose();

    private VoiceMetrics Metrics(RecognizerPool pool) => new(_services.GetRequiredService<IMeterFactory>(), pool);

    private async Task<IResult> Recognize(HttpContext context, SpeechToTextService service, IOptions<VoiceOptions> options) =>
        (await VoiceEndpoints.RecognizeAsync(context, service, ResiliencePipeline.Empty, Metrics(engines.Pool), options, CancellationToken.None)
            .WaitAsync(TimeSpan.FromMinutes(1))).Result;

    private async Task<IResult> Synthesize(TtsRequest request) =>
        (await VoiceEndpoints.SynthesizeAsync(request, engines.Synthesizer, ResiliencePipeline.Empty, Metrics(engines.Pool), engines.Options, TimeProvider.System, new DefaultHttpContext(), CancellationToken.None)
            .WaitAsync(TimeSpan.FromMinutes(1))).Result;

    private static DefaultHttpContext Request(string? contentType, byte[] body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(body);
        return context;
    }

    private static DefaultHttpContext Multipart(byte[] wav)
    {
        using var content = new MultipartFormDataContent("xnai-boundary");
        content.Add(new ByteArrayContent(wav), VoiceEndpoints.FileField, "speech.wav");
        var body = content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        return Request(content.Headers.ContentType!.ToString(), body);
    }
}
