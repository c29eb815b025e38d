namespace Xnai.RagStub.Knowledge;

/// <summary>Where the knowledge base lives; bound from <c>Xnai:Rag</c>.</summary>
public sealed class KnowledgeOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Xnai:Rag";

    /// <summary>Full configuration key of <see cref="KnowledgePath"/>, used in error messages.</summary>
    public const string KnowledgePathKey = SectionName + ":KnowledgePath";

    /// <summary>
    /// Folder of Markdown (<c>.md</c>) and plain-text (<c>.txt</c>) documents to index at start.
    /// Empty means the knowledge base shipped beside the binaries; a relative path is resolved from the working directory.
    /// </summary>
    public string? KnowledgePath { get; set; }

    /// <summary>The shipped knowledge base folder.</summary>
    public static string ShippedPath => Path.Combine(AppContext.BaseDirectory, "knowledge");

    /// <summary>The absolute folder to index.</summary>
    public string ResolvedPath => string.IsNullOrWhiteSpace(KnowledgePath) ? ShippedPath : Path.GetFullPath(KnowledgePath);
}
