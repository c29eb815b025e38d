using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using Xnai.RagStub.Answers;
using Xnai.RagStub;
using Xnai.RagStub.Knowledge;
using Xnai.RagStub.Search;

namespace Xnai.Tests.Rag;

[Trait("Category", "Unit")]
public sealed class KnowledgeLoaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("xnai-kb-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Check_MissingFolder_NamesThePath()
    {
        var missing = Path.Combine(_folder, "nope");

        Assert.Contains(missing, KnowledgeLoader.Check(missing));
        Assert.Contains("does not exist", KnowledgeLoader.Check(missing));
    }

    [Fact]
    public void Check_FileInsteadOfFolder_IsRejected()
    {
        var file = Path.Combine(_folder, "a.md");
        File.WriteAllText(file, "# A");

        Assert.Contains("is a file", KnowledgeLoader.Check(file));
    }

    [Fact]
    public void Check_FolderWithoutDocuments_IsRejected()
    {
        File.WriteAllText(Path.Combine(_folder, "image.png"), "x");

        Assert.Contains("no .md or .txt", KnowledgeLoader.Check(_folder));
    }

    [Fact]
    public void Load_MarkdownAndTextInSubfolders_AreIndexedAndAnswered()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "ops"));
        File.WriteAllText(Path.Combine(_folder, "kettle.md"), "# Kettle\n\nThe kettle boils water in ninety seconds.");
        File.WriteAllText(Path.Combine(_folder, "ops", "toaster.txt"), "Toaster\n\nThe toaster browns bread on setting four.");

        using var index = KnowledgeIndex.Load(_folder);
        var result = new KnowledgeRetriever(index, new AnswerComposer(index)).Ask("How long does the kettle take to boil?", 3);

        Assert.Equal(2, index.DocumentCount);
        Assert.Equal("kettle.md", result.Sources[0].Passage.DocumentId);
        Assert.Contains("ninety seconds", result.Answer);
        Assert.Equal("ops/toaster.txt", new KnowledgeRetriever(index, new AnswerComposer(index)).Ask("toaster bread", 1).Sources[0].Passage.DocumentId);
    }

    [Fact]
    public void Validator_BadPath_FailsNamingTheKeyAndPath()
    {
        var missing = Path.Combine(_folder, "missing");
        var result = new KnowledgeOptionsValidator().Validate(null, new KnowledgeOptions { KnowledgePath = missing });

        Assert.True(result.Failed);
        Assert.Contains(KnowledgeOptions.KnowledgePathKey, result.FailureMessage);
        Assert.Contains(missing, result.FailureMessage);
    }

    [Fact]
    public void Options_Unset_PointsAtTheShippedKnowledgeBase()
    {
        Assert.Equal(KnowledgeOptions.ShippedPath, new KnowledgeOptions().ResolvedPath);
        Assert.Null(KnowledgeLoader.Check(KnowledgeOptions.ShippedPath));
    }

    [Fact]
    public async Task HostStart_MissingKnowledgeFolder_FailsWithThePath()
    {
        var missing = Path.Combine(_folder, "missing");
        var builder = WebApplication.CreateBuilder();
        builder.Configuration[KnowledgeOptions.KnowledgePathKey] = missing;
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddRagStubServices();
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Contains(missing, error.Message);
        Assert.Contains(KnowledgeOptions.KnowledgePathKey, error.Message);
    }
}
