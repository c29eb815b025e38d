using Xnai.VoiceWorker.Audio;

namespace Xnai.Tests.Voice;

[Trait("Category", "Unit")]
public sealed class AudioConverterTests
{
    private static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(8_000, 1, 16, false)]
    [InlineData(44_100, 2, 16, false)]
    [InlineData(48_000, 1, 24, false)]
    [InlineData(22_050, 2, 32, true)]
    [InlineData(11_025, 1, 8, false)]
    public void ToMono16Khz_OneKilohertzTone_KeepsLengthAndLevel(int rate, ushort channels, ushort bits, bool isFloat)
    {
        var mono = TestWav.Sine(1_000, rate, 1.0);
        var interleaved = mono.SelectMany(s => Enumerable.Repeat(s, channels)).ToArray();
        var audio = WavReader.Read(TestWav.Build(interleaved, channels, (uint)rate, bits, isFloat), MaxDuration);

        var pcm = AudioConverter.ToMono16Khz(audio);

        Assert.InRange(pcm.Length, 15_990, 16_010);
        // A 0.5-amplitude sine has an RMS of 0.354 full scale; skip the filter's edges.
        Assert.InRange(Rms(pcm.AsSpan(800, 14_000)), 0.33, 0.37);
    }

    [Fact]
    public void ToMono16Khz_ToneAboveEightKilohertz_IsFilteredNotAliased()
    {
        // 11 kHz at 44.1 kHz would fold to 5 kHz under linear interpolation; the low-pass removes it.
        var audio = WavReader.Read(TestWav.Build(TestWav.Sine(11_000, 44_100, 1.0), 1, 44_100, 16), MaxDuration);

        var pcm = AudioConverter.ToMono16Khz(audio);

        Assert.InRange(Rms(pcm.AsSpan(800, 14_000)), 0, 0.01);
    }

    [Fact]
    public void ToMono16Khz_OppositeStereoChannels_CancelOut()
    {
        var left = TestWav.Sine(500, 16_000, 0.5);
        var interleaved = left.SelectMany(s => new[] { s, -s }).ToArray();
        var audio = WavReader.Read(TestWav.Build(interleaved, 2, 16_000, 16), MaxDuration);

        var pcm = AudioConverter.ToMono16Khz(audio);

        Assert.Equal(8_000, pcm.Length);
        Assert.All(pcm, s => Assert.InRange(s, -1, 1));
    }

    [Fact]
    public void ToMono16Khz_FloatNaNAndOutOfRange_AreClamped()
    {
        var audio = WavReader.Read(TestWav.Build([float.NaN, 4f, -4f, float.PositiveInfinity], 1, 16_000, 32, isFloat: true), MaxDuration);

        var pcm = AudioConverter.ToMono16Khz(audio);

        Assert.Equal([0, short.MaxValue, -short.MaxValue, short.MaxValue], pcm);
    }

    private static double Rms(ReadOnlySpan<short> samples)
    {
        double sum = 0;
        foreach (var s in samples)
        {
            sum += (s / 32768.0) * (s / 32768.0);
        }

        return Math.Sqrt(sum / samples.Length);
    }
}
