using System.Buffers.Binary;
using System.Text;

namespace Xnai.Tests.Voice;

/// <summary>Builds WAV files, well-formed or deliberately broken, byte by byte.</summary>
internal static class TestWav
{
    public const ushort Pcm = 1, Adpcm = 2, Float = 3, MuLaw = 7, Extensible = 0xFFFE;

    /// <summary>A RIFF/WAVE file of <paramref name="chunks"/>, with a correct RIFF size.</summary>
    public static byte[] Riff(params byte[][] chunks)
    {
        var body = chunks.SelectMany(c => c).ToArray();
        var file = new byte[12 + body.Length];
        "RIFF"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), (uint)(4 + body.Length));
        "WAVE"u8.CopyTo(file.AsSpan(8));
        body.CopyTo(file, 12);
        return file;
    }

    /// <summary>A chunk with its header, padded to an even length unless <paramref name="pad"/> is false.</summary>
    public static byte[] Chunk(string id, byte[] body, bool pad = true, uint? declaredSize = null)
    {
        var padded = pad && body.Length % 2 == 1;
        var chunk = new byte[8 + body.Length + (padded ? 1 : 0)];
        Encoding.ASCII.GetBytes(id).CopyTo(chunk, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), declaredSize ?? (uint)body.Length);
        body.CopyTo(chunk, 8);
        return chunk;
    }

    /// <summary>A 16-byte <c>fmt </c> chunk; block align and byte rate follow from the other fields unless given.</summary>
    public static byte[] Fmt(ushort tag, ushort channels, uint rate, ushort bits, ushort? blockAlign = null)
    {
        var body = new byte[16];
        var align = blockAlign ?? (ushort)(channels * bits / 8);
        BinaryPrimitives.WriteUInt16LittleEndian(body, tag);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(2), channels);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(4), rate);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(8), rate * align);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(12), align);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(14), bits);
        return Chunk("fmt ", body);
    }

    /// <summary>A 40-byte WAVE_FORMAT_EXTENSIBLE <c>fmt </c> chunk whose sub-format is <paramref name="subFormat"/>.</summary>
    public static byte[] FmtExtensible(ushort subFormat, ushort channels, uint rate, ushort bits)
    {
        var basic = Fmt(Extensible, channels, rate, bits).AsSpan(8, 16).ToArray();
        var body = new byte[40];
        basic.CopyTo(body, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(16), 22);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(18), bits);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(20), channels == 2 ? 3u : 4u);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(24), subFormat);
        byte[] tail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
        tail.CopyTo(body, 26);
        return Chunk("fmt ", body);
    }

    /// <summary>Encodes interleaved samples in [-1, 1] as PCM (8/16/24/32-bit) or float (32/64-bit) little-endian bytes.</summary>
    public static byte[] Encode(IReadOnlyList<float> samples, ushort bits, bool isFloat)
    {
        var size = bits / 8;
        var data = new byte[samples.Count * size];
        for (var i = 0; i < samples.Count; i++)
        {
            var span = data.AsSpan(i * size, size);
            // Floats are written as given (NaN and overload included); integers are clamped to full scale.
            var s = isFloat ? samples[i] : Math.Clamp(samples[i], -1f, 1f);
            switch (isFloat, bits)
            {
                case (true, 32): BinaryPrimitives.WriteSingleLittleEndian(span, s); break;
                case (true, 64): BinaryPrimitives.WriteDoubleLittleEndian(span, s); break;
                case (false, 8): span[0] = (byte)Math.Clamp((int)MathF.Round((s * 127f) + 128f), 0, 255); break;
                case (false, 16): BinaryPrimitives.WriteInt16LittleEndian(span, (short)MathF.Round(s * 32767f)); break;
                case (false, 24):
                    var v = (int)MathF.Round(s * 8388607f);
                    span[0] = (byte)v; span[1] = (byte)(v >> 8); span[2] = (byte)(v >> 16);
                    break;
                case (false, 32): BinaryPrimitives.WriteInt32LittleEndian(span, (int)Math.Round(s * 2147483647.0)); break;
                default: throw new ArgumentOutOfRangeException(nameof(bits));
            }
        }

        return data;
    }

    /// <summary>A complete, valid WAV of interleaved <paramref name="samples"/>.</summary>
    public static byte[] Build(IReadOnlyList<float> samples, ushort channels, uint rate, ushort bits, bool isFloat = false, bool extensible = false)
    {
        var tag = isFloat ? Float : Pcm;
        var fmt = extensible ? FmtExtensible(tag, channels, rate, bits) : Fmt(tag, channels, rate, bits);
        return Riff(fmt, Chunk("data", Encode(samples, bits, isFloat)));
    }

    /// <summary>A sine tone, mono.</summary>
    public static float[] Sine(double frequency, int rate, double seconds, float amplitude = 0.5f) =>
        [.. Enumerable.Range(0, (int)(rate * seconds)).Select(n => amplitude * (float)Math.Sin(2 * Math.PI * frequency * n / rate))];
}
