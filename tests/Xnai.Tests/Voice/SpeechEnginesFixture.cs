using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xnai.VoiceWorker;
using Xnai.VoiceWorker.Speech;

namespace Xnai.Tests.Voice;

/// <summary>
/// The real engines, loaded once for every speech test: flite, two pocketsphinx decoders (a patient pool, so
/// tests that are not about contention never see "busy") and the STT service over them.
/// </summary>
public sealed class SpeechEnginesFixture : IDisposable
{
    private readonly ConcurrentDictionary<string, byte[]> _speech = new(StringComparer.Ordinal);

    public SpeechEnginesFixture()
    {
        Options = Microsoft.Extensions.Options.Options.Create(new VoiceOptions { Decoders = 2, DecoderWait = TimeSpan.FromMinutes(1) });
        Model = new SpeechModelPaths(Options.Value.ModelDirectory);
        Synthesizer = new FliteSynthesizer(Options, TimeProvider.System, NullLogger<FliteSynthesizer>.Instance);
        Pool = new RecognizerPool(() => VoiceWorkerExtensions.CreateRecognizer(Model), 2, Options.Value.DecoderWait, TimeProvider.System);
        Pool.WarmUp();
        SpeechToText = new SpeechToTextService(Pool, Options, TimeProvider.System);
    }

    public IOptions<VoiceOptions> Options { get; }

    public SpeechModelPaths Model { get; }

    public FliteSynthesizer Synthesizer { get; }

    public RecognizerPool Pool { get; }

    public SpeechToTextService SpeechToText { get; }

    /// <summary>flite's kal16 WAV for <paramref name="text"/>, synthesised once per test run.</summary>
    public async Task<byte[]> SpeakAsync(string text)
    {
        if (_speech.TryGetValue(text, out var cached))
        {
            return cached;
        }

        var wav = await Synthesizer.TrySynthesizeAsync(text, "kal16", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60))
            ?? throw new InvalidOperationException("flite stayed busy.");
        return _speech.GetOrAdd(text, wav);
    }

    public void Dispose()
    {
        Pool.Dispose();
        Synthesizer.Dispose();
    }
}

/// <summary>Speech tests share the engines and run one after another (two cores, CPU-bound decoding).</summary>
[CollectionDefinition(Name)]
public sealed class SpeechCollection : ICollectionFixture<SpeechEnginesFixture>
{
    public const string Name = "Speech";
}
