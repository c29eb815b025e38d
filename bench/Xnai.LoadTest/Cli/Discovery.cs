using System.Diagnostics;
using System.Text.Json;

namespace Xnai.LoadTest.Cli;

/// <summary>Finds what a running AppHost uses: service addresses from launch settings, the admin key from user secrets.</summary>
internal static class Discovery
{
    private const string AdminKeySecret = "Parameters:admin-key";

    /// <summary>The repository root: the nearest folder above the working directory or the tool holding Xnai.sln.</summary>
    public static DirectoryInfo? RepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Xnai.sln")))
                {
                    return dir;
                }
            }
        }

        return null;
    }

    /// <summary>The first http address of the project's <c>http</c> launch profile, or <paramref name="fallback"/>.</summary>
    public static Uri ServiceUrl(string project, string fallback)
    {
        var root = RepositoryRoot();
        var path = root is null ? null : Path.Combine(root.FullName, "src", project, "Properties", "launchSettings.json");
        if (path is null || !File.Exists(path))
        {
            return new Uri(fallback);
        }

        using var json = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var urls = json.RootElement.TryGetProperty("profiles", out var profiles)
            && profiles.TryGetProperty("http", out var http)
            && http.TryGetProperty("applicationUrl", out var url)
            ? url.GetString() ?? string.Empty
            : string.Empty;
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase));
        return new Uri(first ?? fallback);
    }

    /// <summary>The admin key: the option, then <c>XNAI_ADMIN_KEY</c>, then the AppHost's user secrets.</summary>
    public static async Task<string?> AdminKeyAsync(string? option, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(option))
        {
            return option;
        }

        if (Environment.GetEnvironmentVariable("XNAI_ADMIN_KEY") is { Length: > 0 } env)
        {
            return env;
        }

        var root = RepositoryRoot();
        if (root is null)
        {
            return null;
        }

        var start = new ProcessStartInfo("dotnet", ["user-secrets", "list", "--project", Path.Combine(root.FullName, "src", "Xnai.AppHost")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root.FullName,
        };
        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return output.Split('\n', StringSplitOptions.TrimEntries)
                .Where(line => line.StartsWith(AdminKeySecret, StringComparison.Ordinal))
                .Select(line => line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim())
                .FirstOrDefault(key => key.Length > 0);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
