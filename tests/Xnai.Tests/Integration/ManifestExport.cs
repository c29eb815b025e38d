using System.Diagnostics;
using System.Text.Json;

namespace Xnai.Tests.Integration;

/// <summary>Runs the built AppHost with <c>--publisher manifest</c> and returns the exported manifest.</summary>
internal static class ManifestExport
{
    /// <summary>Exports the manifest; <paramref name="environment"/> is added to the AppHost's environment.</summary>
    public static async Task<JsonDocument> ExportAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var output = Path.Combine(TestDirectories.Create("xnai-manifest-"), "aspire-manifest.json");
#if DEBUG
        const string Configuration = "Debug";
#else
        const string Configuration = "Release";
#endif
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "run", "--no-build", "-c", Configuration, "--project", Projects.Xnai_AppHost.ProjectPath, "--", "--publisher", "manifest", "--output-path", output },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{await stdout}\n{await stderr}");
        return JsonDocument.Parse(await File.ReadAllTextAsync(output));
    }
}
