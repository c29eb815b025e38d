using System.Runtime.InteropServices;
using Xnai.VoiceWorker.Speech.Domain;

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
        : this(model, domain: null)
    {
    }

    /// <summary>Loads a decoder with pocketsphinx's own search settings.</summary>
    public PocketSphinxRecognizer(SpeechModelPaths model, DomainSpeechModel? domain)
        : this(model, domain, DecoderSearch.PocketSphinxDefaults)
    {
    }

    /// <summary>
    /// Loads a decoder whose active search combines the general language model with <paramref name="domain"/>'s
    /// (P = P_general + w × P_domain, by sphinxbase's <c>ngram_model_set</c>) over the shipped plus generated dictionary;
    /// without a domain model, the general model alone. <paramref name="search"/> bounds the search.
    /// </summary>
    public PocketSphinxRecognizer(SpeechModelPaths model, DomainSpeechModel? domain, DecoderSearch search)
    {
        ArgumentNullException.ThrowIfNull(search);
        // A missing model file can reach an E_FATAL (process exit) inside the library: check before loading.
        if (model.FirstMissing() is { } missing)
        {
            throw new SpeechEngineUnavailableException($"The speech model file '{missing}' is missing.", DebianPackages.Model);
        }

        _ = QuietLogging.Value;
        if (domain is not null && !File.Exists(domain.Dictionary))
        {
            throw new FileNotFoundException("The domain dictionary is missing.", domain.Dictionary);
        }

        _config = ConfigHandle.Parse(["-hmm", model.AcousticModel, "-lm", model.LanguageModel, "-dict", domain?.Dictionary ?? model.Dictionary, .. search.Arguments]);
        _decoder = new DecoderHandle(PocketSphinxNative.PsInit(_config.Pointer));
        if (_decoder.IsInvalid)
        {
            _decoder.Dispose();
            _config.Dispose();
            throw new InvalidOperationException($"pocketsphinx could not load the model under '{model.Directory}'.");
        }

        if (domain is not null)
        {
            try
            {
                UseDomainModel(domain);
            }
            catch
            {
                _decoder.Dispose();
                _config.Dispose();
                throw;
            }
        }
    }

    private void UseDomainModel(DomainSpeechModel domain)
    {
        var domainLm = PocketSphinxNative.NgramModelRead(_config.Pointer, domain.LanguageModel, fileType: 1, PocketSphinxNative.PsGetLogMath(_decoder));
        if (domainLm == 0)
        {
            throw new InvalidOperationException($"pocketsphinx could not read the domain language model '{domain.LanguageModel}'.");
        }

        var general = PocketSphinxNative.PsGetLanguageModel(_decoder, "_default");
        if (general == 0)
        {
            PocketSphinxNative.NgramModelFree(domainLm);
            throw new InvalidOperationException("pocketsphinx has no default language model search.");
        }

        // The set takes over one reference of each model; the default search keeps its own of the general one.
        PocketSphinxNative.NgramModelRetain(general);
        var names = new[] { Marshal.StringToCoTaskMemUTF8("general"), Marshal.StringToCoTaskMemUTF8("domain") };
        var namesArray = Marshal.AllocHGlobal(nint.Size * names.Length);
        try
        {
            for (var i = 0; i < names.Length; i++)
            {
                Marshal.WriteIntPtr(namesArray, i * nint.Size, names[i]);
            }

            // Weights {1, w}, not {1 - w, w}: sphinxbase does not normalise them, so every word keeps at least the general
            // model's probability (off-topic English is scored as before) and the product's words get w times the domain
            // model's on top. The search compares scores; it does not need the set to sum to one.
            var set = PocketSphinxNative.NgramModelSetInit(
                _config.Pointer, [general, domainLm], namesArray, [1f, (float)domain.DomainWeight], 2);
            if (set == 0)
            {
                PocketSphinxNative.NgramModelFree(general);
                PocketSphinxNative.NgramModelFree(domainLm);
                throw new InvalidOperationException("pocketsphinx could not interpolate the language models.");
            }

            // The search owns the set from here and frees it with the decoder.
            Check(PocketSphinxNative.PsSetLanguageModel(_decoder, "domain", set), "ps_set_lm");
            Check(PocketSphinxNative.PsSetSearch(_decoder, "domain"), "ps_set_search");
        }
        finally
        {
            // sphinxbase copies the names (ckd_salloc) into the set.
            foreach (var name in names)
            {
                Marshal.FreeCoTaskMem(name);
            }

            Marshal.FreeHGlobal(namesArray);
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
