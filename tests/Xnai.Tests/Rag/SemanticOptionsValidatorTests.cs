using Xnai.RagStub.Semantic;

namespace Xnai.Tests.Rag;

[Trait("Category", "Unit")]
public sealed class SemanticOptionsValidatorTests
{
    private readonly SemanticOptionsValidator _validator = new();

    [Fact]
    public void Defaults_AreValid() => Assert.True(_validator.Validate(null, new SemanticOptions()).Succeeded);

    [Fact]
    public void UnknownModel_FailsNamingTheKey()
    {
        var result = _validator.Validate(null, new SemanticOptions { Model = "gpt-embeddings" });

        Assert.True(result.Failed);
        Assert.Contains("Xnai:Rag:Semantic:Model", result.FailureMessage);
    }

    [Fact]
    public void MoreConcurrentEncodingsThanCores_FailsNamingTheKey()
    {
        var result = _validator.Validate(null, new SemanticOptions { MaxConcurrentEncodings = Environment.ProcessorCount + 1 });

        Assert.True(result.Failed);
        Assert.Contains("Xnai:Rag:Semantic:MaxConcurrentEncodings", result.FailureMessage);
    }

    [Fact]
    public void OversubscribedIntraOpThreads_FailsNamingTheKey()
    {
        var result = _validator.Validate(null, new SemanticOptions { MaxConcurrentEncodings = 1, IntraOpThreads = (2 * Environment.ProcessorCount) + 1 });

        Assert.True(result.Failed);
        Assert.Contains("Xnai:Rag:Semantic:IntraOpThreads", result.FailureMessage);
    }
}
