using Xnai.RagStub.Answers;
using Xnai.RagStub.Knowledge;
using Xnai.RagStub.Search;

namespace Xnai.Tests.Rag;

/// <summary>The shipped knowledge base, indexed once for every test class that reads it.</summary>
public sealed class ShippedKnowledgeFixture : IDisposable
{
    public ShippedKnowledgeFixture()
    {
        Index = KnowledgeIndex.Load(KnowledgeOptions.ShippedPath);
        Retriever = new KnowledgeRetriever(Index, new AnswerComposer(Index));
    }

    public KnowledgeIndex Index { get; }

    public KnowledgeRetriever Retriever { get; }

    public void Dispose() => Index.Dispose();
}
