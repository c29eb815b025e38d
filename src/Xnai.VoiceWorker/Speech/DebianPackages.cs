namespace Xnai.VoiceWorker.Speech;

/// <summary>The Debian packages the voice service needs at run time, named in health and error messages.</summary>
public static class DebianPackages
{
    /// <summary>Speech synthesis: <c>/usr/bin/flite</c> with its built-in voices.</summary>
    public const string Synthesizer = "flite";

    /// <summary>The recogniser library (<c>libpocketsphinx.so.3</c>).</summary>
    public const string RecognizerLibrary = "libpocketsphinx3";

    /// <summary>sphinxbase, which the recogniser links against (<c>libsphinxbase.so.3</c>).</summary>
    public const string RecognizerBase = "libsphinxbase3";

    /// <summary>The US English acoustic model, language model and dictionary.</summary>
    public const string Model = "pocketsphinx-en-us";
}
