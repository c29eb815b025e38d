using System.Buffers.Binary;

namespace Xnai.VoiceWorker.Audio;

/// <summary>
/// A strict RIFF/WAVE parser for untrusted uploads. Everything the converter and the native decoder rely on
/// is checked here, so no malformed input gets past it: chunk sizes must fit the file, <c>fmt </c> and
/// <c>data</c> must each appear once (in either order), unknown chunks are skipped with their odd-size padding.
/// </summary>
/// <remarks>
/// Written here rather than taken from a library (NAudio's WaveFileReader is the usual one) because an upload needs a
/// bound on every chunk against the bytes received and one precise reason per malformed file for its 4xx answer.
/// </remarks>
public static partial class WavReader
{
    /// <summary>Lowest and highest sample rates accepted (the common 8–48 kHz range).</summary>
    public const int MinSampleRate = 8_000, MaxSampleRate = 48_000;

    /// <summary>Most channels accepted (7.1 surround).</summary>
    public const int MaxChannels = 8;

    /// <summary>True when <paramref name="bytes"/> starts like a RIFF/WAVE file (used to tell "not WAV" from "broken WAV").</summary>
    public static bool LooksLikeWav(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 4 && bytes[..4].SequenceEqual("RIFF"u8);

    /// <summary>Parses and validates a WAV file.</summary>
    /// <exception cref="AudioFormatException">The bytes are not an acceptable WAV file; the exception says which status to answer.</exception>
    public static WavAudio Read(ReadOnlyMemory<byte> file, TimeSpan maxDuration)
    {
        var bytes = file.Span;
        if (bytes.Length == 0)
        {
            throw AudioFormatException.Malformed("The request body is empty.");
        }

        if (!"RIFF"u8.StartsWith(bytes[..Math.Min(4, bytes.Length)]))
        {
            throw AudioFormatException.Unsupported(bytes.Length >= 4 && bytes[..4].SequenceEqual("RF64"u8)
                ? "RF64 files are not supported; send a RIFF WAV of at most 30 seconds."
                : "The body is not a RIFF/WAVE file.");
        }

        if (bytes.Length < 12)
        {
            throw AudioFormatException.Malformed("The RIFF header is truncated.");
        }

        if (!bytes[8..12].SequenceEqual("WAVE"u8))
        {
            throw AudioFormatException.Unsupported("The RIFF file is not of form type WAVE.");
        }

        var riffSize = BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..8]);
        if (riffSize < 4 || riffSize > (uint)(bytes.Length - 8))
        {
            throw AudioFormatException.Malformed($"The RIFF size ({riffSize}) does not match the {bytes.Length}-byte body.");
        }

        // Bytes after the RIFF chunk (some writers append junk) are ignored.
        var end = 8 + (int)riffSize;
        WavFormat? format = null;
        Range? data = null;
        var position = 12;
        while (position < end)
        {
            if (end - position < 8)
            {
                throw AudioFormatException.Malformed($"A chunk header at offset {position} is truncated.");
            }

            var id = bytes.Slice(position, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(position + 4, 4));
            var body = position + 8;
            if (size > (uint)(end - body))
            {
                throw AudioFormatException.Malformed(
                    $"Chunk '{ChunkName(id)}' at offset {position} declares {size} bytes but only {end - body} remain.");
            }

            if (id.SequenceEqual("fmt "u8))
            {
                format = format is null
                    ? ReadFormat(bytes.Slice(body, (int)size))
                    : throw AudioFormatException.Malformed("The file has more than one 'fmt ' chunk.");
            }
            else if (id.SequenceEqual("data"u8))
            {
                data = data is null
                    ? new Range(body, body + (int)size)
                    : throw AudioFormatException.Malformed("The file has more than one 'data' chunk.");
            }

            // Chunks are word-aligned; a missing pad byte after the last chunk is tolerated.
            position = body + (int)size + (int)(size & 1);
        }

        if (format is null)
        {
            throw AudioFormatException.Malformed("The file has no 'fmt ' chunk.");
        }

        if (data is not { } dataRange)
        {
            throw AudioFormatException.Malformed("The file has no 'data' chunk.");
        }

        var dataLength = dataRange.End.Value - dataRange.Start.Value;
        if (dataLength == 0)
        {
            throw AudioFormatException.Malformed("The 'data' chunk is empty.");
        }

        if (dataLength % format.BlockAlign != 0)
        {
            throw AudioFormatException.Malformed(
                $"The 'data' chunk ({dataLength} bytes) is not a whole number of {format.BlockAlign}-byte frames.");
        }

        var audio = new WavAudio(format, file[dataRange]);
        if (audio.Duration > maxDuration)
        {
            throw AudioFormatException.TooLong(
                $"The audio lasts {audio.Duration.TotalSeconds:0.0} s; at most {maxDuration.TotalSeconds:0} s are accepted.");
        }

        return audio;
    }

    private static string ChunkName(ReadOnlySpan<byte> id)
    {
        Span<char> name = stackalloc char[4];
        for (var i = 0; i < 4; i++)
        {
            name[i] = id[i] is >= 0x20 and < 0x7F ? (char)id[i] : '?';
        }

        return new string(name);
    }
}
