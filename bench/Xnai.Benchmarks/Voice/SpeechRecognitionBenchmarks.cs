using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xnai.VoiceWorker;
using Xnai.VoiceWorker.Speech;

namespace Xnai.Benchmarks.Voice;

/// <summary>
/// Speech to text with the in-process pocketsphinx pool (two decoders, loaded in setup): one utterance alone and
/// two at once (one per decoder), each through the service path (WAV parse, convert, decode). Real-time factor =
/// time / audio duration; the durations of the two utterances are printed in the setup log and in docs/performance.md.
/// </summary>
[Config(typeof(VoiceBenchmarkConfig))]
public class SpeechRecognitionBenchmarks
{
    private RecognizerPool _pool = null!;
    private SpeechToTextService _service = null!;
    private byte[] _wav = [];

    [Params(VoiceCorpus.Short, VoiceCorpus.Long)]
    public string Text { get; set; } = VoiceCorpus.Short;

    [GlobalSetup]
    public void Setup()
    {
        var options = Options.Create(new VoiceOptions { Decoders = 2, DecoderWait = TimeSpan.FromMinutes(1) });
        var model = new SpeechModelPaths(options.Value.ModelDirectory);
        _pool = new RecognizerPool(() => VoiceWorkerExtensions.CreateRecognizer(model), 2, options.Value.DecoderWait, TimeProvider.System);
        _pool.WarmUp();
        _service = new SpeechToTextService(_pool, options, TimeProvider.System);

        using var synthesizer = new FliteSynthesizer(options, TimeProvider.System, NullLogger<FliteSynthesizer>.Instance);
        _wav = synthesizer.TrySynthesizeAsync(VoiceCorpus.Sentence(Text), "kal16", CancellationToken.None).GetAwaiter().GetResult()
            ?? throw new InvalidOperationException("flite stayed busy.");
        var check = Recognize().GetAwaiter().GetResult()!;
        Console.WriteLine($"// {Text}: {check.AudioDuration.TotalSeconds:0.00} s of audio, recognised as '{check.Text}'");
    }

    [GlobalCleanup]
    public void Cleanup() => _pool.Dispose();

    [Benchmark(Baseline = true, Description = "1 utterance")]
    public Task<Transcription?> Single() => Recognize();

    [Benchmark(Description = "2 utterances at once")]
    public Task<Transcription?[]> TwoConcurrent() => Task.WhenAll(Task.Run(Recognize), Task.Run(Recognize));

    private Task<Transcription?> Recognize() => _service.TryTranscribeAsync(_wav, CancellationToken.None);
}
