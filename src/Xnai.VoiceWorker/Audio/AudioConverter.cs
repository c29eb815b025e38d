using System.Buffers.Binary;

namespace Xnai.VoiceWorker.Audio;

/// <summary>Converts a validated <see cref="WavAudio"/> to what the recogniser expects: 16 kHz mono 16-bit PCM.</summary>
public static class AudioConverter
{
    /// <summary>The recogniser's sample rate.</summary>
    public const int TargetSampleRate = 16_000;

    /// <summary>Downmixes to mono (channel average), resamples to 16 kHz and quantises to 16 bit.</summary>
    public static short[] ToMono16Khz(WavAudio audio)
    {
        var format = audio.Format;
        if (format is { Encoding: SampleEncoding.Pcm, BitsPerSample: 16, Channels: 1, SampleRate: TargetSampleRate })
        {
            // Already what the decoder wants: copy without a float round trip.
            var copy = new short[audio.FrameCount];
            for (var i = 0; i < copy.Length; i++)
            {
                copy[i] = BinaryPrimitives.ReadInt16LittleEndian(audio.Data.Span[(i * 2)..]);
            }

            return copy;
        }

        var mono = Downmix(audio);
        var resampled = format.SampleRate == TargetSampleRate ? mono : Resampler.Resample(mono, format.SampleRate, TargetSampleRate);
        return Quantise(resampled);
    }

    /// <summary>Decodes every frame to a float in [-1, 1], averaging the channels.</summary>
    internal static float[] Downmix(WavAudio audio)
    {
        var format = audio.Format;
        var bytesPerSample = format.BitsPerSample / 8;
        var data = audio.Data.Span;
        var mono = new float[audio.FrameCount];
        var scale = 1f / format.Channels;
        for (var frame = 0; frame < mono.Length; frame++)
        {
            var sum = 0.0;
            var offset = frame * format.BlockAlign;
            for (var channel = 0; channel < format.Channels; channel++, offset += bytesPerSample)
            {
                sum += ReadSample(data.Slice(offset, bytesPerSample), format);
            }

            mono[frame] = (float)sum * scale;
        }

        return mono;
    }

    private static double ReadSample(ReadOnlySpan<byte> sample, WavFormat format) => (format.Encoding, format.BitsPerSample) switch
    {
        (SampleEncoding.Pcm, 8) => (sample[0] - 128) / 128.0,
        (SampleEncoding.Pcm, 16) => BinaryPrimitives.ReadInt16LittleEndian(sample) / 32768.0,
        (SampleEncoding.Pcm, 24) => ((sample[2] << 24 | sample[1] << 16 | sample[0] << 8) >> 8) / 8388608.0,
        (SampleEncoding.Pcm, 32) => BinaryPrimitives.ReadInt32LittleEndian(sample) / 2147483648.0,
        (SampleEncoding.Float, 32) => Sanitise(BinaryPrimitives.ReadSingleLittleEndian(sample)),
        (SampleEncoding.Float, 64) => Sanitise(BinaryPrimitives.ReadDoubleLittleEndian(sample)),
        _ => throw new InvalidOperationException($"Unvalidated format {format}."),
    };

    // NaN and infinities in float WAVs would poison the resampler; treat them as silence / full scale.
    private static double Sanitise(double value) => double.IsNaN(value) ? 0 : Math.Clamp(value, -1, 1);

    private static short[] Quantise(float[] samples)
    {
        var pcm = new short[samples.Length];
        for (var i = 0; i < samples.Length; i++)
        {
            pcm[i] = (short)Math.Clamp(MathF.Round(samples[i] * 32767f), short.MinValue, short.MaxValue);
        }

        return pcm;
    }
}
