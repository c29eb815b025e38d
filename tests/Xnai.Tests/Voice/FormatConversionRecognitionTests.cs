using Xnai.VoiceWorker.Audio;
using Xunit.Abstractions;

namespace Xnai.Tests.Voice;

/// <summary>flite's 16 kHz speech re-encoded as other rates, channel counts and sample formats is still recognised.</summary>
[Collection(SpeechCollection.Name)]
[Trait("Category", "Slow")]
public sealed class FormatConversionRecognitionTests(SpeechEnginesFixture engines, ITestOutputHelper output)
{
    private const string Sentence = "please try again in a few minutes";

    [Theory]
    [InlineData(8_000, 1, 16, false, false)]
    [InlineData(44_100, 2, 16, false, false)]
    [InlineData(48_000, 1, 24, false, true)]
    [InlineData(22_050, 2, 32, true, false)]
    [InlineData(32_000, 2, 32, false, true)]
    public async Task Recognize_ReencodedSpeech_StillRecognised(int rate, ushort channels, ushort bits, bool isFloat, bool extensible)
    {
        var original = WavReader.Read(await engines.SpeakAsync(Sentence), TimeSpan.FromSeconds(30));
        var mono = AudioConverter.Downmix(original);
        var resampled = Resampler.Resample(mono, original.Format.SampleRate, rate);
        // Second channel quieter, so a downmix that dropped or doubled a channel would still be audible in the level.
        var interleaved = channels == 1 ? resampled : resampled.SelectMany(s => new[] { s, s * 0.5f }).ToArray();
        var file = TestWav.Build(interleaved, channels, (uint)rate, bits, isFloat, extensible);

        var result = await engines.SpeechToText.TryTranscribeAsync(file, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.NotNull(result);
        var errors = WordErrorRate.Errors(Sentence, result.Text);
        output.WriteLine($"{rate} Hz, {channels} ch, {bits}-bit {(isFloat ? "float" : "PCM")}: '{result.Text}' ({errors} error(s))");
        Assert.InRange(errors, 0, 1);
    }
}
