using Microsoft.AspNetCore.Http;

namespace Xnai.VoiceWorker.Audio;

/// <summary>
/// An upload the speech service will not decode. Carries the HTTP status it maps to:
/// 400 (malformed), 413 (too long) or 415 (not WAV, or a WAV encoding we do not convert).
/// </summary>
public sealed class AudioFormatException(int statusCode, string title, string detail) : Exception(detail)
{
    /// <summary>The HTTP status the handler answers with.</summary>
    public int StatusCode { get; } = statusCode;

    /// <summary>Short ProblemDetails title.</summary>
    public string Title { get; } = title;

    internal static AudioFormatException Malformed(string detail) =>
        new(StatusCodes.Status400BadRequest, "Malformed WAV", detail);

    internal static AudioFormatException Unsupported(string detail) =>
        new(StatusCodes.Status415UnsupportedMediaType, "Unsupported audio", detail);

    internal static AudioFormatException TooLong(string detail) =>
        new(StatusCodes.Status413PayloadTooLarge, "Audio too long", detail);
}
