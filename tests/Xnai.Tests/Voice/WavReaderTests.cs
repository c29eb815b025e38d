using Xnai.VoiceWorker.Audio;

namespace Xnai.Tests.Voice;

[Trait("Category", "Unit")]
public sealed class WavReaderTests
{
    private static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(30);
    private static readonly byte[] OneSecond = TestWav.Encode(TestWav.Sine(440, 16_000, 1), 16, isFloat: false);

    public static TheoryData<string, byte[], int> BadFiles() => new()
    {
        { "empty body", [], 400 },
        { "plain text", "hello, this is not audio"u8.ToArray(), 415 },
        { "JSON", """{"text":"hi"}"""u8.ToArray(), 415 },
        { "two bytes of RIFF", "RI"u8.ToArray(), 400 },
        { "RIFF without form type", "RIFF\u0004\0\0\0"u8.ToArray(), 400 },
        { "RIFF of form AVI", "RIFF\u0004\0\0\0AVI "u8.ToArray(), 415 },
        { "RF64", "RF64\u00ff\u00ff\u00ff\u00ffWAVE"u8.ToArray(), 415 },
        { "RIFF size beyond the body", WithRiffSize(Valid(), 10_000), 400 },
        { "RIFF size below four", WithRiffSize(Valid(), 2), 400 },
        { "no fmt chunk", TestWav.Riff(TestWav.Chunk("data", OneSecond)), 400 },
        { "no data chunk", TestWav.Riff(TestWav.Fmt(TestWav.Pcm, 1, 16_000, 16)), 400 },
        { "fmt chunk of 14 bytes", TestWav.Riff(TestWav.Chunk("fmt ", new byte[14]), TestWav.Chunk("data", OneSecond)), 400 },
        { "mu-law", TestWav.Riff(TestWav.Fmt(TestWav.MuLaw, 1, 8_000, 8), TestWav.Chunk("data", new byte[8_000])), 415 },
        { "ADPCM", TestWav.Riff(TestWav.Fmt(TestWav.Adpcm, 1, 16_000, 4, blockAlign: 256), TestWav.Chunk("data", new byte[4_096])), 415 },
        { "extensible mu-law", TestWav.Riff(TestWav.FmtExtensible(TestWav.MuLaw, 1, 8_000, 8), TestWav.Chunk("data", new byte[8_000])), 415 },
        { "zero channels", TestWav.Riff(TestWav.Fmt(TestWav.Pcm, 0, 16_000, 16, blockAlign: 2), TestWav.Chunk("data", OneSecond)), 400 },
        { "zero sample rate", TestWav.Riff(TestWav.Fmt(TestWav.Pcm, 1, 0, 16), TestWav.Chunk("data", OneSecond)), 400 },
        { "96 kHz", TestWav.Riff(TestWav.Fmt(TestWav.Pcm, 1, 96_000, 16), TestWav.Chunk("data", OneSecond)), 415 },
        { "4 kHz", TestWav.Riff(TestWav.Fmt(TestWav.Pcm, 1, 4_000, 16), TestWav.Chunk("data", OneSecond)), 415 },
        { "12-bit PCM", TestWav.Riff(TestWav.Fmt(TestWav.Pcm, 1, 16_000, 12, blockAlign: 2), TestWav.Chunk("data", OneSecond)), 415 },
        { "16-bit float", TestWav.Riff(TestWav.Fmt(TestWav.Float, 1, 16_000, 16), TestWav.Chunk("data", OneSecond)), 415 },
        { "block align mismatch", TestWav.Riff(TestWav.Fmt(TestWav.Pcm, 2, 16_000, 16, blockAlign: 2), TestWav.Chunk("data", OneSecond)), 400 },
        { "data size beyond the file", TestWav.Riff(TestWav.Fmt(TestWav.Pcm, 1, 16_000, 16), TestWav.Chunk("data", OneSecond, declaredSize: 1_000_000)), 400 },
        { "data not whole frames", TestWav.Riff(TestWav.Fmt(TestWav.Pcm, 1, 16_000, 16), TestWav.Chunk("data", new byte[3])), 400 },
        { "empty data", TestWav.Riff(TestWav.Fmt(TestWav.Pcm, 1, 16_000, 16), TestWav.Chunk("data", [])), 400 },
        { "two fmt chunks", TestWav.Riff(TestWav.Fmt(TestWav.Pcm, 1, 16_000, 16), TestWav.Fmt(TestWav.Pcm, 1, 16_000, 16), TestWav.Chunk("data", OneSecond)), 400 },
        { "two data chunks", TestWav.Riff(TestWav.Fmt(TestWav.Pcm, 1, 16_000, 16), TestWav.Chunk("data", OneSecond), TestWav.Chunk("data", OneSecond)), 400 },
        { "truncated chunk header", TestWav.Riff(TestWav.Fmt(TestWav.Pcm, 1, 16_000, 16), TestWav.Chunk("data", OneSecond), "LI"u8.ToArray()), 400 },
        { "truncated in the data", Valid()[..^100], 400 },
        { "31 seconds", TestWav.Riff(TestWav.Fmt(TestWav.Pcm, 1, 8_000, 8), TestWav.Chunk("data", new byte[31 * 8_000])), 413 },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Read_BadFile_ThrowsWithStatus(string name, byte[] file, int status)
    {
        var error = Assert.Throws<AudioFormatException>(() => WavReader.Read(file, MaxDuration));

        Assert.True(status == error.StatusCode, $"{name}: expected {status}, got {error.StatusCode} ({error.Message})");
    }

    [Fact]
    public void Read_DataBeforeFmtWithOddSizedUnknownChunks_Parses()
    {
        var file = TestWav.Riff(
            TestWav.Chunk("LIST", "odd"u8.ToArray()),
            TestWav.Chunk("data", OneSecond),
            TestWav.Chunk("junk", new byte[5]),
            TestWav.Fmt(TestWav.Pcm, 1, 16_000, 16));

        var audio = WavReader.Read(file, MaxDuration);

        Assert.Equal(16_000, audio.FrameCount);
        Assert.Equal(TimeSpan.FromSeconds(1), audio.Duration);
    }

    [Fact]
    public void Read_TrailingBytesAfterRiffChunk_AreIgnored()
    {
        var file = Valid().Concat(new byte[7]).ToArray();

        Assert.Equal(16_000, WavReader.Read(file, MaxDuration).FrameCount);
    }

    [Fact]
    public void Read_LastChunkOddWithoutPadByte_Parses()
    {
        var file = TestWav.Riff(TestWav.Fmt(TestWav.Pcm, 1, 8_000, 8), TestWav.Chunk("data", new byte[8_001], pad: false));

        Assert.Equal(8_001, WavReader.Read(file, MaxDuration).FrameCount);
    }

    [Theory]
    [InlineData(TestWav.Pcm, 8, 1, 8_000, false)]
    [InlineData(TestWav.Pcm, 16, 2, 44_100, false)]
    [InlineData(TestWav.Pcm, 24, 1, 48_000, true)]
    [InlineData(TestWav.Pcm, 32, 2, 32_000, false)]
    [InlineData(TestWav.Float, 32, 2, 22_050, false)]
    [InlineData(TestWav.Float, 64, 1, 16_000, true)]
    public void Read_SupportedFormats_Parse(ushort tag, ushort bits, ushort channels, uint rate, bool extensible)
    {
        var samples = TestWav.Sine(440, (int)rate * channels, 0.5);
        var file = TestWav.Build(samples, channels, rate, bits, tag == TestWav.Float, extensible);

        var audio = WavReader.Read(file, MaxDuration);

        Assert.Equal(new WavFormat(tag == TestWav.Float ? SampleEncoding.Float : SampleEncoding.Pcm, channels, (int)rate, bits), audio.Format);
        Assert.Equal(samples.Length / channels, audio.FrameCount);
    }

    private static byte[] Valid() => TestWav.Riff(TestWav.Fmt(TestWav.Pcm, 1, 16_000, 16), TestWav.Chunk("data", OneSecond));

    private static byte[] WithRiffSize(byte[] file, uint size)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), size);
        return file;
    }
}
