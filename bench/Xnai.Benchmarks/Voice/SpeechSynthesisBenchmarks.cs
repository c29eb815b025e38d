using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xnai.VoiceWorker;
using Xnai.VoiceWorker.Speech;

namespace Xnai.Benchmarks.Voice;

/// <summary>
/// Text to speech with flite (kal16), one process per request as the service runs it: one sentence alone,
/// and four sentences at once (the default service allows one flite per core, so four queue two deep on two cores).
/// </summary>
[Config(typeof(VoiceBenchmarkConfig))]
public class SpeechSynthesisBenchmarks
{
    private FliteSynthesizer _synthesizer = null!;

    [Params(VoiceCorpus.Short, VoiceCorpus.Long)]
    public string Text { get; set; } = VoiceCorpus.Short;

    [GlobalSetup]
    public void Setup() => _synthesizer = new FliteSynthesizer(
        Options.Create(new VoiceOptions { Synthesizers = 4, SynthesizerWait = TimeSpan.FromMinutes(1) }),
        TimeProvider.System,
        NullLogger<FliteSynthesizer>.Instance);

    [GlobalCleanup]
    public void Cleanup() => _synthesizer.Dispose();

    [Benchmark(Baseline = true, Description = "1 sentence")]
    public Task<byte[]?> Single() => _synthesizer.TrySynthesizeAsync(VoiceCorpus.Sentence(Text), "kal16", CancellationToken.None);

    [Benchmark(Description = "4 sentences at once")]
    public Task<byte[]?[]> FourConcurrent() => Task.WhenAll(Enumerable.Range(0, 4)
        .Select(_ => _synthesizer.TrySynthesizeAsync(VoiceCorpus.Sentence(Text), "kal16", CancellationToken.None)));
}
