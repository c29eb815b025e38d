namespace Xnai.RagStub.Semantic;

/// <summary>
/// One loaded embedding model session: encodes a batch of texts in one inference call. Called by one thread at a time
/// (<see cref="SentenceEmbedder"/>'s worker); the vectors it returns are unit-length.
/// </summary>
public interface ISentenceModel : IDisposable
{
    /// <summary>One unit-length vector per text, in order.</summary>
    float[][] Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken);
}
