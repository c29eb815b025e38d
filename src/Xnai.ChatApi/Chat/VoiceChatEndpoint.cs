using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Xnai.ChatApi.Sessions;
using Xnai.Contracts;

namespace Xnai.ChatApi.Chat;

/// <summary>
/// <c>POST /api/chat/voice</c>: binds the recording (and the optional typed text), validates it, and maps what
/// <see cref="VoiceChatService"/> made of it to the response.
/// </summary>
internal static class VoiceChatEndpoint
{

    public static async Task<Results<Ok<VoiceChatResponse>, ProblemHttpResult, ValidationProblem>> PostVoiceChat(
        HttpContext context,
        string? sessionId,
        VoiceChatService voiceChat,
        IOptionsMonitor<ChatOptions> options,
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

        var result = await voiceChat.AnswerAsync(
            sessionId ?? SessionIds.New(), audio, typed is null ? null : ChatService.CleanMessage(typed), cancellationToken);
        if (result.Problem is { } failed)
        {
            if (failed.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            return TypedResults.Problem(statusCode: failed.Status, title: failed.Title, detail: failed.Detail);
        }

        return TypedResults.Ok(result.Answer);
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
        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value : null;
        if (WavUpload.IsMultipart(mediaType))
        {
            var form = await request.ReadFormAsync(cancellationToken);
            typed = form["message"].FirstOrDefault() ?? typed;
            var file = form.Files.GetFile(WavUpload.FileField);
            if (file is null)
            {
                return ([], null, TypedResults.Problem(statusCode: 400, title: "No audio", detail: WavUpload.MissingFile));
            }

            if (file.Length > maxBytes)
            {
                return ([], null, TooLarge(maxBytes));
            }

            source = file.OpenReadStream();
        }
        else if (WavUpload.IsWav(mediaType))
        {
            source = request.Body;
        }
        else
        {
            return ([], null, TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: WavUpload.Expected));
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
}
