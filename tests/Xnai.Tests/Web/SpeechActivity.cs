using System.Buffers.Binary;
using System.Text;

namespace Xnai.Tests.Web;

/// <summary>
/// Where a 16-bit PCM WAV holds speech: 20 ms frames whose loudness is at least <see cref="VoicedShare"/> of the
/// file's loudest frame count as voiced. Relative to each file's own peak, because the browser's gain control changes
/// the level of what it records; comparing the played clip with the uploaded one shows whether the page lost audio.
/// </summary>
public sealed record SpeechActivity(double Seconds, double FirstVoiced, double LastVoiced, double VoicedSeconds)
{
    public const double VoicedShare = 0.1;
    private const double FrameSeconds = 0.02;

    public static SpeechActivity Of(byte[] wav)
    {
        var (rate, channels, data) = PcmData(wav);
        var frame = (int)(rate * FrameSeconds);
        var samples = data.Length / 2 / channels;
        var loudness = new List<double>(samples / frame + 1);
        for (var start = 0; start + frame <= samples; start += frame)
        {
            double sum = 0;
            for (var i = start; i < start + frame; i++)
            {
                double value = BinaryPrimitives.ReadInt16LittleEndian(data.AsSpan((i * channels) * 2));
                sum += value * value;
            }

            loudness.Add(Math.Sqrt(sum / frame));
        }

        var peak = loudness.Count == 0 ? 0 : loudness.Max();
        var voiced = loudness.Select((l, i) => (l, i)).Where(f => peak > 0 && f.l >= peak * VoicedShare).Select(f => f.i).ToList();
        return voiced.Count == 0
            ? new SpeechActivity(samples / (double)rate, 0, 0, 0)
            : new SpeechActivity(samples / (double)rate, voiced[0] * FrameSeconds, (voiced[^1] + 1) * FrameSeconds, voiced.Count * FrameSeconds);
    }

    public override string ToString() =>
        $"{Seconds:0.00} s long, speech from {FirstVoiced:0.00} s to {LastVoiced:0.00} s, {VoicedSeconds:0.00} s voiced";

    private static (int Rate, int Channels, byte[] Data) PcmData(byte[] wav)
    {
        int rate = 0, channels = 1;
        for (var offset = 12; offset + 8 <= wav.Length;)
        {
            var id = Encoding.ASCII.GetString(wav, offset, 4);
            var size = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(wav.AsSpan(offset + 4)), (uint)(wav.Length - offset - 8));
            if (id == "fmt ")
            {
                channels = BinaryPrimitives.ReadUInt16LittleEndian(wav.AsSpan(offset + 10));
                rate = BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(offset + 12));
            }
            else if (id == "data")
            {
                return (rate, channels, wav.AsSpan(offset + 8, size).ToArray());
            }

            offset += 8 + size + (size % 2);
        }

        throw new InvalidDataException("no data chunk");
    }
}
