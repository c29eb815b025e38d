using Xnai.RagStub.Semantic;
using OrtSessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace Xnai.Tests.Rag;

/// <summary>
/// The own ONNX runner gives the package encoder's vectors (so the on-disk passage-vector cache, keyed by the
/// unchanged cache id, stays valid), alone and batched with texts of other lengths (padding masked out).
/// </summary>
[Trait("Category", "Slow")]
public sealed class MiniLmOnnxModelTests
{
    private const float Tolerance = 1e-5f;

    private static readonly string[] Texts =
    [
        "How many failures open the RAG breaker?",
        "voice",
        "What happens to my conversation when Redis is down and the chat keeps answering from its memory of the last few turns?",
        "Café naïve résumé — punctuation, (brackets) & symbols: 42%!",
    ];

    [Fact]
    public void Encode_AloneAndBatched_EqualsThePackageEncoder()
    {
        using var package = EmbeddingModels.LoadPackageEncoder(EmbeddingModels.MiniLm, new OrtSessionOptions { IntraOpNumThreads = 1 });
        using var own = new MiniLmOnnxModel(new OrtSessionOptions { IntraOpNumThreads = 1 });
        var batched = own.Encode(Texts, CancellationToken.None);
        for (var i = 0; i < Texts.Length; i++)
        {
            var expected = package.Encode([Texts[i]], CancellationToken.None)[0];
            var alone = own.Encode([Texts[i]], CancellationToken.None)[0];
            Assert.Equal(expected.Length, alone.Length);
            for (var d = 0; d < expected.Length; d++)
            {
                Assert.InRange(alone[d] - expected[d], -Tolerance, Tolerance);
                Assert.InRange(batched[i][d] - expected[d], -Tolerance, Tolerance);
            }
        }
    }
}
