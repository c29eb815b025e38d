namespace Xnai.Contracts;

/// <summary>
/// What a speech upload may be, declared once for chatapi's <c>POST /api/chat/voice</c> and voice's <c>POST /api/stt</c>:
/// a raw body of one of <see cref="ContentTypes"/> (the media type exactly, parameters aside), or multipart/form-data
/// with the recording in the <see cref="FileField"/> field.
/// </summary>
public static class WavUpload
{
    /// <summary>Media types of a raw WAV body.</summary>
    public static readonly IReadOnlyList<string> ContentTypes = ["audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave", "application/octet-stream"];

    /// <summary>The multipart media type.</summary>
    public const string MultipartType = "multipart/form-data";

    /// <summary>The multipart field that holds the recording.</summary>
    public const string FileField = "file";

    /// <summary>The problem detail of an upload of any other type.</summary>
    public static readonly string Expected = $"Send a PCM WAV recording as {string.Join(", ", ContentTypes)}, or as multipart/form-data with a '{FileField}' field.";

    /// <summary>The problem detail of a multipart body without the recording.</summary>
    public static readonly string MissingFile = $"The multipart body has no '{FileField}' field with a WAV recording.";

    /// <summary>True when <paramref name="mediaType"/> (already parsed: no parameters) is a raw WAV body's type.</summary>
    public static bool IsWav(string? mediaType) =>
        mediaType is not null && ContentTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="mediaType"/> (already parsed) is multipart/form-data.</summary>
    public static bool IsMultipart(string? mediaType) => string.Equals(mediaType, MultipartType, StringComparison.OrdinalIgnoreCase);
}
