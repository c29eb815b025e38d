using System.Runtime.InteropServices;

namespace Xnai.VoiceWorker.Speech;

/// <summary>
/// P/Invoke surface of Debian's pocketsphinx 0.8+5prealpha (<c>libpocketsphinx3</c>) and sphinxbase
/// (<c>libsphinxbase3</c>). Only the calls the recogniser needs; every argument is validated before a call.
/// </summary>
internal static partial class PocketSphinxNative
{
    public const string PocketSphinxLibrary = "libpocketsphinx.so.3";
    public const string SphinxBaseLibrary = "libsphinxbase.so.3";

    /// <summary>The decoder's argument definitions (<c>arg_t const *</c>).</summary>
    [LibraryImport(PocketSphinxLibrary, EntryPoint = "ps_args")]
    public static partial nint PsArgs();

    /// <summary>Parses <c>argv</c> against <paramref name="definitions"/> into a new <c>cmd_ln_t</c>; null on error.</summary>
    [LibraryImport(SphinxBaseLibrary, EntryPoint = "cmd_ln_parse_r")]
    public static partial nint CmdLnParse(nint existing, nint definitions, int argc, nint argv, int strict);

    /// <summary>Drops one reference to a <c>cmd_ln_t</c>.</summary>
    [LibraryImport(SphinxBaseLibrary, EntryPoint = "cmd_ln_free_r")]
    public static partial int CmdLnFree(nint config);

    /// <summary>Redirects sphinxbase logging; <see cref="nint.Zero"/> silences it.</summary>
    [LibraryImport(SphinxBaseLibrary, EntryPoint = "err_set_logfp")]
    public static partial void ErrSetLogFile(nint stream);

    /// <summary>Creates a decoder (loads the acoustic model, language model and dictionary); null on error.</summary>
    [LibraryImport(PocketSphinxLibrary, EntryPoint = "ps_init")]
    public static partial nint PsInit(nint config);

    /// <summary>Releases a decoder reference.</summary>
    [LibraryImport(PocketSphinxLibrary, EntryPoint = "ps_free")]
    public static partial int PsFree(nint decoder);

    [LibraryImport(PocketSphinxLibrary, EntryPoint = "ps_start_utt")]
    public static partial int PsStartUtterance(DecoderHandle decoder);

    [LibraryImport(PocketSphinxLibrary, EntryPoint = "ps_process_raw")]
    public static partial int PsProcessRaw(DecoderHandle decoder, ReadOnlySpan<short> data, nuint samples, int noSearch, int fullUtterance);

    [LibraryImport(PocketSphinxLibrary, EntryPoint = "ps_end_utt")]
    public static partial int PsEndUtterance(DecoderHandle decoder);

    /// <summary>The best hypothesis of the last utterance (owned by the decoder), or null.</summary>
    [LibraryImport(PocketSphinxLibrary, EntryPoint = "ps_get_hyp")]
    public static partial nint PsGetHypothesis(DecoderHandle decoder, out int bestScore);

    /// <summary>The decoder's log-math table (owned by the decoder).</summary>
    [LibraryImport(PocketSphinxLibrary, EntryPoint = "ps_get_logmath")]
    public static partial nint PsGetLogMath(DecoderHandle decoder);

    /// <summary>The language model of a named search (owned by the search), or null.</summary>
    [LibraryImport(PocketSphinxLibrary, EntryPoint = "ps_get_lm", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint PsGetLanguageModel(DecoderHandle decoder, string name);

    /// <summary>Adds a named n-gram search over <paramref name="languageModel"/>, which the search then owns.</summary>
    [LibraryImport(PocketSphinxLibrary, EntryPoint = "ps_set_lm", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int PsSetLanguageModel(DecoderHandle decoder, string name, nint languageModel);

    /// <summary>Makes the named search the active one.</summary>
    [LibraryImport(PocketSphinxLibrary, EntryPoint = "ps_set_search", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int PsSetSearch(DecoderHandle decoder, string name);

    /// <summary>Reads an n-gram model file (type 1: ARPA text); null on error.</summary>
    [LibraryImport(SphinxBaseLibrary, EntryPoint = "ngram_model_read", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint NgramModelRead(nint config, string path, int fileType, nint logMath);

    /// <summary>Adds a reference to an n-gram model.</summary>
    [LibraryImport(SphinxBaseLibrary, EntryPoint = "ngram_model_retain")]
    public static partial nint NgramModelRetain(nint model);

    /// <summary>Drops a reference to an n-gram model.</summary>
    [LibraryImport(SphinxBaseLibrary, EntryPoint = "ngram_model_free")]
    public static partial int NgramModelFree(nint model);

    /// <summary>An interpolated set of models (takes over one reference of each); null on error.</summary>
    [LibraryImport(SphinxBaseLibrary, EntryPoint = "ngram_model_set_init")]
    public static partial nint NgramModelSetInit(nint config, nint[] models, nint names, float[] weights, int count);
}
