using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Xnai.ChatApi.Dependencies;

/// <summary>A transcript from <c>voice</c>.</summary>
public sealed record Transcript(string Text, double DurationMs);

/// <summary>The voice service rejected the audio itself (4xx): the user's input, not an outage.</summary>
public sealed class VoiceInputException(HttpStatusCode status, string detail) : Exception(detail)
{
    public HttpStatusCode Status { get; } = status;
}

/// <summary>Typed client for <c>voice</c>: speech-to-text and text-to-speech, behind its own breaker.</summary>
public sealed class VoiceClient(HttpClient http)
{
    /// <summary>Longest text the voice service speaks in one request.</summary>
    public const int MaxSpeechCharacters = 1000;

    public async Task<Transcript> TranscribeAsync(ReadOnlyMemory<byte> wav, CancellationToken cancellationToken)
    {
        using var content = new ReadOnlyMemoryContent(wav);
        content.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        using var response = await http.PostAsync("/api/stt", content, cancellationToken).ConfigureAwait(false);
        await ThrowOnInputRejectedAsync(response, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<Transcript>(cancellationToken).ConfigureAwait(false)
            ?? throw new HttpRequestException("voice returned an empty transcript");
    }

    public async Task<byte[]> SynthesizeAsync(string text, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/api/tts", new { text = ForSpeech(text) }, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

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

    private static async Task ThrowOnInputRejectedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (status is >= 400 and < 500 and not 408 and not 429)
        {
            var detail = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new VoiceInputException(response.StatusCode, detail);
        }
    }
}
