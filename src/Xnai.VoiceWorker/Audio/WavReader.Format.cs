using System.Buffers.Binary;

namespace Xnai.VoiceWorker.Audio;

/// <summary>The <c>fmt </c> chunk: which encodings, rates, channel counts and sample sizes are accepted.</summary>
public static partial class WavReader
{
    private const ushort FormatPcm = 0x0001, FormatFloat = 0x0003, FormatExtensible = 0xFFFE;

    // KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT share this GUID tail after their 2-byte format code.
    private static ReadOnlySpan<byte> SubFormatTail => [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    private static WavFormat ReadFormat(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length < 16)
        {
            throw AudioFormatException.Malformed($"The 'fmt ' chunk is {chunk.Length} bytes; at least 16 are required.");
        }

        var tag = BinaryPrimitives.ReadUInt16LittleEndian(chunk);
        var channels = BinaryPrimitives.ReadUInt16LittleEndian(chunk[2..]);
        var sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
        var blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(chunk[12..]);
        var bits = BinaryPrimitives.ReadUInt16LittleEndian(chunk[14..]);

        if (tag == FormatExtensible)
        {
            tag = ReadExtensibleSubFormat(chunk, bits);
        }

        var encoding = tag switch
        {
            FormatPcm => SampleEncoding.Pcm,
            FormatFloat => SampleEncoding.Float,
            _ => throw AudioFormatException.Unsupported(
                $"WAV format tag 0x{tag:X4} is compressed or unknown; send PCM (1) or IEEE float (3)."),
        };

        if (channels == 0)
        {
            throw AudioFormatException.Malformed("The 'fmt ' chunk declares zero channels.");
        }

        if (sampleRate == 0)
        {
            throw AudioFormatException.Malformed("The 'fmt ' chunk declares a zero sample rate.");
        }

        if (channels > MaxChannels)
        {
            throw AudioFormatException.Unsupported($"{channels} channels; at most {MaxChannels} are accepted.");
        }

        if (sampleRate is < MinSampleRate or > MaxSampleRate)
        {
            throw AudioFormatException.Unsupported(
                $"Sample rate {sampleRate} Hz; {MinSampleRate}–{MaxSampleRate} Hz are accepted.");
        }

        var bitsOk = encoding == SampleEncoding.Pcm ? bits is 8 or 16 or 24 or 32 : bits is 32 or 64;
        if (!bitsOk)
        {
            throw AudioFormatException.Unsupported($"{bits}-bit {encoding} samples are not supported.");
        }

        var format = new WavFormat(encoding, channels, (int)sampleRate, bits);
        if (blockAlign != format.BlockAlign)
        {
            throw AudioFormatException.Malformed(
                $"Block align {blockAlign} does not match {channels} channel(s) of {bits}-bit samples ({format.BlockAlign}).");
        }

        return format;
    }

    private static ushort ReadExtensibleSubFormat(ReadOnlySpan<byte> chunk, ushort containerBits)
    {
        if (chunk.Length < 40 || BinaryPrimitives.ReadUInt16LittleEndian(chunk[16..]) < 22)
        {
            throw AudioFormatException.Malformed("WAVE_FORMAT_EXTENSIBLE needs a 40-byte 'fmt ' chunk with a 22-byte extension.");
        }

        var validBits = BinaryPrimitives.ReadUInt16LittleEndian(chunk[18..]);
        if (validBits > containerBits)
        {
            throw AudioFormatException.Malformed($"{validBits} valid bits do not fit a {containerBits}-bit container.");
        }

        var subFormat = chunk.Slice(24, 16);
        if (!subFormat[2..].SequenceEqual(SubFormatTail))
        {
            throw AudioFormatException.Unsupported("The WAVE_FORMAT_EXTENSIBLE sub-format is not PCM or IEEE float.");
        }

        return BinaryPrimitives.ReadUInt16LittleEndian(subFormat);
    }
}
