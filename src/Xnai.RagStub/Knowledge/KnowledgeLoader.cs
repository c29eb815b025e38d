namespace Xnai.RagStub.Knowledge;

/// <summary>Reads every Markdown and plain-text file of a folder (recursively) into documents.</summary>
public static class KnowledgeLoader
{
    private static readonly string[] Extensions = [".md", ".markdown", ".txt"];

    /// <summary>Why <paramref name="path"/> cannot be indexed, or null when it can.</summary>
    public static string? Check(string path)
    {
        if (File.Exists(path))
        {
            return $"'{path}' is a file; it must be a folder of .md or .txt documents.";
        }

        if (!Directory.Exists(path))
        {
            return $"the folder '{path}' does not exist.";
        }

        try
        {
            return Files(path).Any() ? null : $"the folder '{path}' contains no .md or .txt documents.";
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException or System.Security.SecurityException)
        {
            return $"the folder '{path}' cannot be read ({ex.Message}).";
        }
    }

    /// <summary>Loads and chunks every document; throws naming the path when a file cannot be read.</summary>
    public static IReadOnlyList<KnowledgeDocument> Load(string path)
    {
        if (Check(path) is { } problem)
        {
            throw new InvalidOperationException($"{KnowledgeOptions.KnowledgePathKey}: {problem}");
        }

        var documents = new List<KnowledgeDocument>();
        foreach (var file in Files(path).Order(StringComparer.Ordinal))
        {
            string content;
            try
            {
                content = File.ReadAllText(file);
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                throw new InvalidOperationException($"{KnowledgeOptions.KnowledgePathKey}: cannot read '{file}' ({ex.Message}).", ex);
            }

            var id = Path.GetRelativePath(path, file).Replace('\\', '/');
            var document = MarkdownChunker.Chunk(id, content);
            if (document.Passages.Count > 0)
            {
                documents.Add(document);
            }
        }

        return documents;
    }

    private static IEnumerable<string> Files(string path) =>
        Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false })
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase));
}
