using System.Globalization;

namespace Xnai.VoiceWorker.Speech;

/// <summary>
/// How wide pocketsphinx searches: the bound on active HMMs per frame (<c>-maxhmmpf</c>) and whether the second,
/// flat-lexicon pass runs (<c>-fwdflat</c>). <see cref="PocketSphinxDefaults"/> is the library's own setting.
/// </summary>
/// <param name="MaxHmmsPerFrame">Active HMMs kept per frame (pocketsphinx: 30,000).</param>
/// <param name="SecondPass">Run the flat-lexicon pass after the tree search (pocketsphinx: yes).</param>
public sealed record DecoderSearch(int MaxHmmsPerFrame = 30_000, bool SecondPass = true)
{
    /// <summary>pocketsphinx's defaults, as the general model was measured before issue 29.</summary>
    public static readonly DecoderSearch PocketSphinxDefaults = new();

    /// <summary>The decoder arguments.</summary>
    public IReadOnlyList<string> Arguments =>
        ["-maxhmmpf", MaxHmmsPerFrame.ToString(CultureInfo.InvariantCulture), "-fwdflat", SecondPass ? "yes" : "no"];
}
