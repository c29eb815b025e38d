namespace Xnai.Tests.Voice;

/// <summary>Valid but odd audio reaches the native decoder: it must answer, not crash.</summary>
[Collection(SpeechCollection.Name)]
[Trait("Category", "Slow")]
public sealed class RecognitionEdgeCaseTests(SpeechEnginesFixture engines)
{
    public static TheoryData<string, byte[]> OddAudio() => new()
    {
        { "one sample", TestWav.Build([0.1f], 1, 16_000, 16) },
        { "one frame at 8 kHz", TestWav.Build([0.1f], 1, 8_000, 8) },
        { "one frame at 48 kHz stereo float", TestWav.Build([0.1f, -0.1f], 2, 48_000, 32, isFloat: true) },
        { "two seconds of silence", TestWav.Build(new float[32_000], 1, 16_000, 16) },
        { "full-scale square wave", TestWav.Build([.. Enumerable.Range(0, 16_000).Select(i => i / 20 % 2 == 0 ? 1f : -1f)], 1, 16_000, 16) },
        { "white noise", TestWav.Build([.. Enumerable.Range(0, 16_000).Select(i => (float)((new Random(i).NextDouble() * 2) - 1))], 1, 16_000, 16) },
        { "30 seconds of tone", TestWav.Build(TestWav.Sine(300, 8_000, 30), 1, 8_000, 16) },
    };

    [Theory]
    [MemberData(nameof(OddAudio))]
    public async Task Recognize_OddButValidAudio_ReturnsWithoutCrash(string name, byte[] wav)
    {
        var result = await engines.SpeechToText.TryTranscribeAsync(wav, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(result is not null, name);
        Assert.NotNull(result.Text);
    }

    [Fact]
    public async Task Recognize_AfterOddAudio_DecoderStillRecognisesSpeech()
    {
        await engines.SpeechToText.TryTranscribeAsync(TestWav.Build([0.5f], 1, 16_000, 16), CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1));
        const string Sentence = "the search results are ready";

        var result = await engines.SpeechToText.TryTranscribeAsync(await engines.SpeakAsync(Sentence), CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(Sentence, result!.Text);
    }
}
