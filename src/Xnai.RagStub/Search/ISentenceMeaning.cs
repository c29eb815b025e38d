namespace Xnai.RagStub.Search;

/// <summary>
/// How close in meaning each indexed sentence is to one question: the cosine of the question's vector and the
/// sentence's, both from the passage vectors' encoder. Sentence vectors are computed at ingestion, so reading one costs
/// a dot product. Owned by Search so the answer composer can read it without knowing the semantic tier.
/// </summary>
public interface ISentenceMeaning
{
    /// <summary>Cosine of the question and sentence <paramref name="position"/> of passage <paramref name="ordinal"/>; null when that sentence has no vector.</summary>
    float? Similarity(int ordinal, int position);
}
