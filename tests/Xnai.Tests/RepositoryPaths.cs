namespace Xnai.Tests;

/// <summary>Files of the repository the tests read (shipped configuration, deploy/ assets).</summary>
internal static class RepositoryPaths
{
    /// <summary>The folder holding Xnai.sln, found above the test output.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Xnai.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Xnai.sln not found above the test output");
    }
}
