using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Xnai.ChatApi.Dependencies;
using Xnai.ChatApi.Sessions;
using Xnai.Contracts;
using Xnai.Resilience;

namespace Xnai.ChatApi.Chat;

/// <summary>Voice chat: speech-to-text, the chat flow, text-to-speech; each voice step has its fallback.</summary>
internal static class VoiceChatEndpoint
{
    private static readonly string[] WavContentTypes = ["audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave", "application/octet-stream"];

    public static async Task<Results<Ok<VoiceChatResponse>, ProblemHttpResult, ValidationProblem>> PostVoiceChat(
        HttpContext context,
        string? sessionId,
        ChatService chat,
        VoiceClient voice,
        CircuitBreakerRegistry breakers,
        IOptionsMonitor<ChatOptions> options,
        ChatMetrics metrics,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        if (sessionId is not null && !SessionIds.IsValid(sessionId))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["sessionId"] = [ChatEndpoints.SessionIdRule] });
        }

        var (audio, typed, problem) = await ReadAudioAsync(context.Request, settings.MaxAudioBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (typed is not null && ChatEndpoints.Validate(typed, sessionId, settings) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // Speech to text; when voice is down, the words the client also sent as text (if any) are answered instead.
        string transcript;
        var voiceRetry = (int?)null;
        try
        {
            transcript = (await voice.TranscribeAsync(audio, cancellationToken)).Text;
        }
        catch (VoiceInputException ex)
        {
            return TypedResults.Problem(statusCode: (int)ex.Status, title: "The recording was not accepted", detail: ProblemDetailOf(ex.Message));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            loggerFactory.CreateLogger(typeof(VoiceChatEndpoint)).LogDebug(ex, "Transcription unavailable");
            metrics.RecordFallback(XnaiDependencies.Voice.Wire);
            voiceRetry = ChatService.RetryAfterSeconds(breakers, XnaiDependencies.Voice.Breaker, ex);
            if (typed is null)
            {
                context.Response.Headers.RetryAfter = Math.Max(voiceRetry.Value, 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status503ServiceUnavailable,
                    title: "Voice processing is temporarily unavailable",
                    detail: FallbackMessages.VoiceInput(voiceRetry.Value));
            }

            transcript = ChatEndpoints.CleanMessage(typed);
        }

        if (string.IsNullOrWhiteSpace(transcript))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "No speech recognised",
                detail: "The recording was processed but no words were recognised. Please speak closer to the microphone or type your message.");
        }

        var answer = await chat.AnswerAsync(sessionId ?? SessionIds.New(), ChatEndpoints.CleanMessage(transcript), cancellationToken);

        // Text to speech, unless voice already failed for this request; a failure leaves the answer in text.
        string? speech = null;
        if (voiceRetry is null)
        {
            try
            {
                speech = Convert.ToBase64String(await voice.SynthesizeAsync(answer.Answer, cancellationToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                loggerFactory.CreateLogger(typeof(VoiceChatEndpoint)).LogDebug(ex, "Speech synthesis unavailable");
                metrics.RecordFallback(XnaiDependencies.Voice.Wire);
                voiceRetry = ChatService.RetryAfterSeconds(breakers, XnaiDependencies.Voice.Breaker, ex);
            }
        }

        var degraded = answer.DegradedServices.ToList();
        if (voiceRetry is not null)
        {
            degraded.Add(XnaiDependencies.Voice.Wire);
        }

        var retry = voiceRetry is > 0 ? Math.Max(answer.RetryAfterSeconds ?? 0, voiceRetry.Value) : answer.RetryAfterSeconds;
        return TypedResults.Ok(new VoiceChatResponse(
            answer.SessionId,
            transcript,
            answer.Answer,
            answer.Sources,
            speech,
            speech is null ? null : "audio/wav",
            degraded.Count > 0,
            degraded,
            retry,
            voiceRetry is { } wait ? FallbackMessages.VoiceReply(wait) : null));
    }

    /// <summary>
    /// Reads the WAV from the body or a multipart "file" field, enforcing size, type and the RIFF/WAVE header; also the
    /// optional typed text ("message" form field or query) answered in text when speech recognition is down.
    /// </summary>
    private static async Task<(byte[] Audio, string? Typed, ProblemHttpResult? Problem)> ReadAudioAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        // The route's body limit (maxBytes + 64 KB, see MapChatEndpoints) is enforced by the server while reading;
        // a malformed or cut-off multipart body throws and the shared handler answers 400.
        if (request.ContentLength > maxBytes)
        {
            return ([], null, TooLarge(maxBytes));
        }

        Stream source;
        string? typed = request.Query["message"].FirstOrDefault();
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            typed = form["message"].FirstOrDefault() ?? typed;
            var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
            if (file is null)
            {
                return ([], null, TypedResults.Problem(statusCode: 400, title: "No audio", detail: "The multipart body has no 'file' field with a WAV recording."));
            }

            if (file.Length > maxBytes)
            {
                return ([], null, TooLarge(maxBytes));
            }

            source = file.OpenReadStream();
        }
        else if (request.ContentType is { } type && WavContentTypes.Any(t => type.StartsWith(t, StringComparison.OrdinalIgnoreCase)))
        {
            source = request.Body;
        }
        else
        {
            return ([], null, TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: "Send a PCM WAV recording as audio/wav (or multipart/form-data with a 'file' field)."));
        }

        await using (source)
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return ([], null, TooLarge(maxBytes));
                }

                buffer.Write(chunk, 0, read);
            }

            var audio = buffer.ToArray();
            if (audio.Length == 0)
            {
                return ([], null, TypedResults.Problem(statusCode: 400, title: "No audio", detail: "The request body is empty."));
            }

            if (audio.Length < 12 || !audio.AsSpan(0, 4).SequenceEqual("RIFF"u8) || !audio.AsSpan(8, 4).SequenceEqual("WAVE"u8))
            {
                return ([], null, TypedResults.Problem(
                    statusCode: StatusCodes.Status415UnsupportedMediaType,
                    title: "Not a WAV file",
                    detail: "The audio must be a RIFF/WAVE file with PCM samples."));
            }

            return (audio, typed, null);
        }
    }

    private static ProblemHttpResult TooLarge(int maxBytes) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Recording too large",
        detail: $"Recordings may be at most {maxBytes / (1024 * 1024)} MB.");

    /// <summary>Keeps the voice service's explanation but not its whole problem document.</summary>
    private static string ProblemDetailOf(string body)
    {
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("detail", out var detail) && detail.GetString() is { } text)
            {
                return text;
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }

        return body.Length > 300 ? body[..300] : body;
    }
}
