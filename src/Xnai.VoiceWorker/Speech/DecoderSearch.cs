using System.Globalization;

namespace Xnai.VoiceWorker.Speech;

/// <summary>
/// How pocketsphinx searches: the bound on active HMMs per frame (<c>-maxhmmpf</c>), whether the second, flat-lexicon
/// pass runs (<c>-fwdflat</c>), the language weight (<c>-lw</c>) and the word insertion probability (<c>-wip</c>).
/// <see cref="PocketSphinxDefaults"/> is the library's own setting.
/// </summary>
/// <param name="MaxHmmsPerFrame">Active HMMs kept per frame (pocketsphinx: 30,000).</param>
/// <param name="SecondPass">Run the flat-lexicon pass after the tree search (pocketsphinx: yes).</param>
/// <param name="LanguageWeight">Scale of the language model's log probability against the acoustic score (pocketsphinx: 6.5).</param>
/// <param name="WordInsertionProbability">Probability charged for every word hypothesised (pocketsphinx: 0.65); lower
/// makes one long word cheaper than two short ones that sound the same.</param>
public sealed record DecoderSearch(int MaxHmmsPerFrame = 30_000, bool SecondPass = true, double LanguageWeight = 6.5, double WordInsertionProbability = 0.65)
{
    /// <summary>pocketsphinx's defaults, as the general model was measured before issue 29.</summary>
    public static readonly DecoderSearch PocketSphinxDefaults = new();

    /// <summary>The decoder arguments.</summary>
    public IReadOnlyList<string> Arguments =>
    [
        "-maxhmmpf", MaxHmmsPerFrame.ToString(CultureInfo.InvariantCulture),
        "-fwdflat", SecondPass ? "yes" : "no",
        "-lw", LanguageWeight.ToString(CultureInfo.InvariantCulture),
        "-wip", WordInsertionProbability.ToString("R", CultureInfo.InvariantCulture),
    ];
}
