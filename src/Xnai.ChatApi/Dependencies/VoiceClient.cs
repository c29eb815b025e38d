using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Xnai.Contracts;

namespace Xnai.ChatApi.Dependencies;

/// <summary>A transcript from <c>voice</c>.</summary>
public sealed record Transcript(string Text, double DurationMs);

/// <summary>The spoken answer: a WAV file.</summary>
public sealed record Speech(byte[] Wav);

/// <summary>The voice service rejected the audio itself (4xx): the user's input, not an outage.</summary>
public sealed class VoiceInputException(HttpStatusCode status, string detail) : Exception(detail)
{
    public HttpStatusCode Status { get; } = status;
}

/// <summary>Typed client for <c>voice</c>: speech-to-text and text-to-speech, behind its own breaker.</summary>
public sealed class VoiceClient(HttpClient http, DependencyFallbacks fallbacks, ILogger<VoiceClient> logger)
{
    /// <summary>Longest text the voice service speaks in one request.</summary>
    public const int MaxSpeechCharacters = 1000;

    /// <summary>The words in <paramref name="wav"/>, or the fallback; throws <see cref="VoiceInputException"/> when voice refuses the recording itself.</summary>
    public Task<DependencyResult<Transcript>> TranscribeAsync(ReadOnlyMemory<byte> wav, CancellationToken cancellationToken) =>
        CallAsync(
            async ct =>
            {
                using var content = new ReadOnlyMemoryContent(wav);
                content.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
                using var response = await http.PostAsync("/api/stt", content, ct).ConfigureAwait(false);
                await ThrowOnInputRejectedAsync(response, ct).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                return await response.Content.ReadFromJsonAsync<Transcript>(ct).ConfigureAwait(false)
                    ?? throw new HttpRequestException("voice returned an empty transcript");
            },
            "Transcription unavailable",
            cancellationToken);

    /// <summary><paramref name="text"/> spoken (cut to <see cref="MaxSpeechCharacters"/>), or the fallback.</summary>
    public Task<DependencyResult<Speech>> SynthesizeAsync(string text, CancellationToken cancellationToken) =>
        CallAsync(
            async ct =>
            {
                using var response = await http.PostAsJsonAsync("/api/tts", new { text = ForSpeech(text) }, ct).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                return new Speech(await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false));
            },
            "Speech synthesis unavailable",
            cancellationToken);

    /// <summary>Cuts long answers at a sentence end within the voice service's limit.</summary>
    internal static string ForSpeech(string text)
    {
        if (text.Length <= MaxSpeechCharacters)
        {
            return text;
        }

        var cut = text.LastIndexOfAny(['.', '!', '?'], MaxSpeechCharacters - 1);
        return cut > MaxSpeechCharacters / 2 ? text[..(cut + 1)] : text[..MaxSpeechCharacters];
    }

    private async Task<DependencyResult<T>> CallAsync<T>(Func<CancellationToken, Task<T>> call, string failure, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return new(await call(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is not VoiceInputException && Outages.IsOutage(ex, cancellationToken))
        {
            logger.LogDebug(ex, "{Failure}; answering in text", failure);
            return new(fallbacks.For(XnaiDependencies.Voice, ex));
        }
    }

    private static async Task ThrowOnInputRejectedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        // The voice worker refused the input itself (a 4xx it would give again): not an outage, and no fallback.
        // What the resilience pipeline counts as transient (408, 429, 5xx) is left to the breaker: one rule for both.
        if ((int)response.StatusCode is >= 400 and < 500 && !HttpClientResiliencePredicates.IsTransient(Outcome.FromResult(response)))
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new VoiceInputException(response.StatusCode, ProblemDetailOf(body));
        }
    }

    /// <summary>Keeps the voice service's explanation but not its whole problem document.</summary>
    private static string ProblemDetailOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("detail", out var detail) && detail.GetString() is { } text)
            {
                return text;
            }
        }
        catch (JsonException)
        {
        }

        return body.Length > 300 ? body[..300] : body;
    }
}
