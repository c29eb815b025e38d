using Xunit.Abstractions;

namespace Xnai.Tests.Voice;

[Collection(SpeechCollection.Name)]
[Trait("Category", "Slow")]
public sealed class RoundTripTests(SpeechEnginesFixture engines, ITestOutputHelper output)
{
    public static readonly string[] Sentences =
    [
        "the knowledge base is temporarily unavailable",
        "please try again in a few minutes",
        "your order has been shipped and will arrive tomorrow",
        "the voice service is running normally",
        "i could not find an answer to your question",
        "the circuit breaker opened after repeated failures",
        "would you like to speak to a human agent",
        "thank you for contacting customer support",
        "your password has been reset successfully",
        "the search results are ready",
        "please describe the problem in a few words",
        "the system will restart in five minutes",
    ];

    [Fact]
    public async Task TextToSpeechToText_TwelveSentences_WordErrorRateAtMostFifteenPercent()
    {
        int errors = 0, words = 0;
        foreach (var sentence in Sentences)
        {
            var wav = await engines.SpeakAsync(sentence);
            var result = await engines.SpeechToText.TryTranscribeAsync(wav, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1));

            Assert.NotNull(result);
            var sentenceErrors = WordErrorRate.Errors(sentence, result.Text);
            errors += sentenceErrors;
            words += WordErrorRate.Words(sentence).Length;
            output.WriteLine($"{sentenceErrors} error(s) | {sentence} | {result.Text} | audio {result.AudioDuration.TotalMilliseconds:0} ms, decode {result.DecodeTime.TotalMilliseconds:0} ms");
        }

        var wer = (double)errors / words;
        output.WriteLine($"WER {wer:P1}: {errors} error(s) in {words} words over {Sentences.Length} sentences");
        Assert.InRange(wer, 0, 0.15);
    }

    [Fact]
    public async Task Synthesize_AnyVoice_ReturnsWav()
    {
        var voices = await engines.Synthesizer.GetVoicesAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("kal16", voices);

        foreach (var voice in voices)
        {
            var wav = await engines.Synthesizer.TrySynthesizeAsync("hello", voice, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.NotNull(wav);
            Assert.Equal("RIFF"u8.ToArray(), wav[..4]);
        }
    }

    [Fact]
    public async Task Synthesize_TextStartingWithDashAndShellCharacters_IsSpokenNotInterpreted()
    {
        var wav = await engines.Synthesizer.TrySynthesizeAsync("-o /tmp/x; rm -rf / $(reboot) `id` | cat", "kal16", CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.NotNull(wav);
        Assert.True(wav.Length > 1000);
    }
}
