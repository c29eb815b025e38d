namespace Xnai.RagStub.Search;

/// <summary>A passage's sentences with the sorted ids of their analysed terms, and the ids of the whole passage.</summary>
/// <param name="Sentences">Sentences in reading order.</param>
/// <param name="SentenceTerms">Sorted distinct term ids of each sentence.</param>
/// <param name="AllTerms">Sorted distinct term ids of the title, heading and text.</param>
internal sealed record PassageTerms(string[] Sentences, int[][] SentenceTerms, int[] AllTerms);
