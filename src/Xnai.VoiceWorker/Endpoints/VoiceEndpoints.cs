using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Polly;
using Xnai.Contracts;
using Xnai.ServiceDefaults;
using Xnai.Chaos;
using Xnai.ServiceDefaults.Http;
using Xnai.VoiceWorker.Audio;
using Xnai.VoiceWorker.Speech;
using Xnai.VoiceWorker.Telemetry;

namespace Xnai.VoiceWorker.Endpoints;

/// <summary>Speech endpoints: <c>POST /api/tts</c>, <c>POST /api/stt</c> and <c>GET /api/voices</c>.</summary>
public static partial class VoiceEndpoints
{
    /// <summary>Longest text <c>/api/tts</c> accepts.</summary>
    public const int MaxTextLength = 1_000;

    /// <summary>Maps the speech endpoints under <c>/api</c>.</summary>
    public static RouteGroupBuilder MapVoiceEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var maxUpload = endpoints.ServiceProvider.GetRequiredService<IOptions<VoiceOptions>>().Value.MaxUploadBytes;

        // Speech routes are concurrency-limited (Xnai:Http:ConcurrencyLimit) so reading, parsing and resampling before the
        // decoder pool are bounded too; the upload limit is enforced by the server while the body streams in.
        var group = endpoints.MapGroup("/api").WithTags("Voice");

        group.MapPost("/tts", SynthesizeAsync)
            .RequireRateLimiting(HttpLimitsExtensions.ConcurrencyPolicy)
            .WithName("TextToSpeech")
            .WithSummary("Speaks 1 to 1,000 characters with flite and returns a WAV file.")
            .Produces(StatusCodes.Status200OK, contentType: "audio/wav")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapPost("/stt", RecognizeAsync)
            .RequireRateLimiting(HttpLimitsExtensions.ConcurrencyPolicy)
            .WithRequestBodyLimit(maxUpload)
            .WithUploadDataRate()
            .WithName("SpeechToText")
            .WithSummary("Recognises a PCM or float WAV file (any common rate and channel count, at most 30 s and 5 MB).")
            // One Accepts call: routing matches the request's content type against the last Accepts metadata only.
            .Accepts<byte[]>(WavUpload.ContentTypes[0], [.. WavUpload.ContentTypes.Skip(1), WavUpload.MultipartType])
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/voices", ListVoicesAsync)
            .WithName("ListVoices")
            .WithSummary("The voices /api/tts accepts.");

        return group;
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> SynthesizeAsync(
        TtsRequest? request,
        FliteSynthesizer synthesizer,
        [FromKeyedServices(VoiceWorkerExtensions.ChaosPipelineKey)] ResiliencePipeline chaos,
        VoiceMetrics metrics,
        IOptions<VoiceOptions> options,
        TimeProvider timeProvider,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        if (request?.Text is not { Length: > 0 and <= MaxTextLength } raw || string.IsNullOrWhiteSpace(raw))
        {
            metrics.RecordRequest(VoiceMetrics.Tags.Tts, VoiceMetrics.Tags.Rejected);
            return Problem(StatusCodes.Status400BadRequest, "Invalid text", $"'text' must hold 1 to {MaxTextLength} characters and not be blank.");
        }

        try
        {
            var voices = await synthesizer.GetVoicesAsync(cancellationToken);
            var voice = string.IsNullOrEmpty(request.Voice) ? synthesizer.DefaultVoice : request.Voice;
            if (!voices.Contains(voice, StringComparer.Ordinal))
            {
                metrics.RecordRequest(VoiceMetrics.Tags.Tts, VoiceMetrics.Tags.Rejected);
                var problem = Problem(StatusCodes.Status400BadRequest, "Unknown voice", $"Voice '{PublicText.Redact(voice)}' is not available; use one of: {string.Join(", ", voices)}.");
                problem.ProblemDetails.Extensions["allowedVoices"] = voices;
                return problem;
            }

            var started = timeProvider.GetTimestamp();
            var text = CleanText(raw);
            var wav = await chaos.ExecuteAsync(
                async token => await synthesizer.TrySynthesizeAsync(text, voice, token), cancellationToken);
            if (wav is null)
            {
                metrics.RecordRequest(VoiceMetrics.Tags.Tts, VoiceMetrics.Tags.Busy);
                return Busy(context, options.Value, "speech synthesis");
            }

            metrics.RecordSynthesis(timeProvider.GetElapsedTime(started));
            metrics.RecordRequest(VoiceMetrics.Tags.Tts, VoiceMetrics.Tags.Ok);
            return TypedResults.File(wav, "audio/wav");
        }
        catch (SpeechEngineUnavailableException e)
        {
            metrics.RecordRequest(VoiceMetrics.Tags.Tts, VoiceMetrics.Tags.Unavailable);
            return Problem(StatusCodes.Status503ServiceUnavailable, "Speech synthesis unavailable", e.Message);
        }
        catch (InjectedFaultException e)
        {
            metrics.RecordRequest(VoiceMetrics.Tags.Tts, VoiceMetrics.Tags.Injected);
            return TypedResults.Problem(FaultProblems.ServiceUnavailable(e));
        }
    }

    internal static async Task<Results<Ok<VoicesResponse>, ProblemHttpResult>> ListVoicesAsync(
        FliteSynthesizer synthesizer, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(new VoicesResponse(await synthesizer.GetVoicesAsync(cancellationToken), synthesizer.DefaultVoice));
        }
        catch (SpeechEngineUnavailableException e)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, "Speech synthesis unavailable", e.Message);
        }
    }

    // Control characters (NUL, escapes) mean nothing to a speech synthesiser; speak them as pauses.
    private static string CleanText(string text) =>
        string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? ' ' : source[i];
            }
        });

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);

    private static ProblemHttpResult Problem(AudioFormatException e) => Problem(e.StatusCode, e.Title, e.Message);

    private static ProblemHttpResult Busy(HttpContext context, VoiceOptions options, string what)
    {
        context.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problem(StatusCodes.Status503ServiceUnavailable, "Speech engine busy", $"Every {what} engine is busy; retry after {options.RetryAfterSeconds} s.");
    }
}
