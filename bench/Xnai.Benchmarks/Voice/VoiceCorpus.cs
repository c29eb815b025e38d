namespace Xnai.Benchmarks.Voice;

/// <summary>The texts the voice benchmarks speak and recognise.</summary>
internal static class VoiceCorpus
{
    public const string Short = "Short";
    public const string Long = "Long";

    /// <summary>About 3 s of speech (one chat reply) or about 10 s (a paragraph).</summary>
    public static string Sentence(string length) => length switch
    {
        Short => "the knowledge base is temporarily unavailable",
        _ => "your order has been shipped and will arrive tomorrow. please try again in a few minutes. "
            + "thank you for contacting customer support. the search results are ready.",
    };
}
