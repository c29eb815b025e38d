using System.Runtime.InteropServices;

namespace Xnai.VoiceWorker.Speech;

/// <summary>
/// A pocketsphinx decoder loaded once (acoustic model, language model, dictionary: ~0.5 s) and reused
/// for many utterances. One instance decodes one utterance at a time.
/// </summary>
public sealed class PocketSphinxRecognizer : ISpeechRecognizer
{
    private static readonly Lazy<bool> QuietLogging = new(() =>
    {
        // sphinxbase logs every parameter and search statistic to stderr; our own logs and metrics replace that.
        PocketSphinxNative.ErrSetLogFile(0);
        return true;
    });

    private readonly ConfigHandle _config;
    private readonly DecoderHandle _decoder;
    private readonly Lock _gate = new();

    /// <summary>Loads a decoder from <paramref name="model"/>; throws <see cref="DllNotFoundException"/> without the libraries.</summary>
    public PocketSphinxRecognizer(SpeechModelPaths model)
    {
        // A missing model file can reach an E_FATAL (process exit) inside the library: check before loading.
        if (model.FirstMissing() is { } missing)
        {
            throw new SpeechEngineUnavailableException($"The speech model file '{missing}' is missing.", DebianPackages.Model);
        }

        _ = QuietLogging.Value;
        _config = ConfigHandle.Parse(["-hmm", model.AcousticModel, "-lm", model.LanguageModel, "-dict", model.Dictionary]);
        _decoder = new DecoderHandle(PocketSphinxNative.PsInit(_config.Pointer));
        if (_decoder.IsInvalid)
        {
            _decoder.Dispose();
            _config.Dispose();
            throw new InvalidOperationException($"pocketsphinx could not load the model under '{model.Directory}'.");
        }
    }

    /// <inheritdoc />
    public string Recognize(ReadOnlySpan<short> pcm16Khz)
    {
        if (pcm16Khz.IsEmpty)
        {
            return "";
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_decoder.IsClosed, this);
            Check(PocketSphinxNative.PsStartUtterance(_decoder), "ps_start_utt");
            // One call with full_utt = 1: the decoder normalises over the whole utterance, which is more accurate.
            Check(PocketSphinxNative.PsProcessRaw(_decoder, pcm16Khz, (nuint)pcm16Khz.Length, noSearch: 0, fullUtterance: 1), "ps_process_raw");
            Check(PocketSphinxNative.PsEndUtterance(_decoder), "ps_end_utt");
            var hypothesis = PocketSphinxNative.PsGetHypothesis(_decoder, out _);
            return hypothesis == 0 ? "" : Marshal.PtrToStringUTF8(hypothesis)?.Trim() ?? "";
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _decoder.Dispose();
            _config.Dispose();
        }
    }

    private static void Check(int result, string call)
    {
        if (result < 0)
        {
            throw new InvalidOperationException($"pocketsphinx {call} failed ({result}).");
        }
    }
}
