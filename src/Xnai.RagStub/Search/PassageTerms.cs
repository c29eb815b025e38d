namespace Xnai.RagStub.Search;

/// <summary>A passage's sentences with the sorted ids of their analysed terms, and the ids of the whole passage.</summary>
/// <param name="Sentences">Sentences in reading order.</param>
/// <param name="SentenceTerms">Sorted distinct term ids of each sentence.</param>
/// <param name="AllTerms">Sorted distinct term ids of the title, heading and text.</param>
/// <param name="SentencePairs">Sorted keys (<see cref="PairKey"/>) of each sentence's adjacent terms in reading order: "speech to text" is not "text to speech".</param>
/// <param name="HeadingPairs">The same keys for the document title and the passage's heading.</param>
internal sealed record PassageTerms(string[] Sentences, int[][] SentenceTerms, int[] AllTerms, long[][] SentencePairs, long[] HeadingPairs)
{
    /// <summary>The key of term <paramref name="first"/> followed by term <paramref name="second"/>.</summary>
    public static long PairKey(int first, int second) => ((long)first << 32) | (uint)second;
}
