namespace Xnai.VoiceWorker.Speech;

/// <summary>The three parts of a pocketsphinx model, laid out as Debian's <c>pocketsphinx-en-us</c> installs them.</summary>
/// <param name="Directory">The model directory, e.g. <c>/usr/share/pocketsphinx/model/en-us</c>.</param>
public sealed record SpeechModelPaths(string Directory)
{
    /// <summary>Acoustic model directory (<c>-hmm</c>).</summary>
    public string AcousticModel => Path.Combine(Directory, "en-us");

    /// <summary>Language model (<c>-lm</c>).</summary>
    public string LanguageModel => Path.Combine(Directory, "en-us.lm.bin");

    /// <summary>Pronunciation dictionary (<c>-dict</c>).</summary>
    public string Dictionary => Path.Combine(Directory, "cmudict-en-us.dict");

    /// <summary>Files that must exist for a decoder to load; the first missing one, or null.</summary>
    public string? FirstMissing() =>
        new[] { Path.Combine(AcousticModel, "mdef"), Path.Combine(AcousticModel, "means"), LanguageModel, Dictionary }
            .FirstOrDefault(path => !File.Exists(path));
}
