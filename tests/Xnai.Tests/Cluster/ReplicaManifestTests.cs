using System.Diagnostics;
using System.Text.Json;

namespace Xnai.Tests.Cluster;

/// <summary>Xnai:ChatApi:Replicas reaches the exported manifest; without it chatapi's entry is Aspire's own.</summary>
[Trait("Category", "WholeApp")]
public sealed class ReplicaManifestTests
{
    private static async Task<JsonElement> ChatApiEntryAsync(string? replicas)
    {
        var output = Path.Combine(Directory.CreateTempSubdirectory("xnai-manifest-").FullName, "aspire-manifest.json");
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
        if (replicas is not null)
        {
            start.Environment["Xnai__ChatApi__Replicas"] = replicas;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{await stdout}\n{await stderr}");
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        return manifest.RootElement.GetProperty("resources").GetProperty("chatapi").Clone();
    }

    [Fact]
    public async Task ThreeReplicas_ManifestCarriesTheCount_AndTheRestOfTheEntryUnchanged()
    {
        var one = await ChatApiEntryAsync(null);
        var three = await ChatApiEntryAsync("3");

        Assert.False(one.TryGetProperty("replicas", out _), one.ToString());
        Assert.Equal(3, three.GetProperty("replicas").GetInt32());
        Assert.Equal(one.GetProperty("type").GetString(), three.GetProperty("type").GetString());
        Assert.Equal(one.GetProperty("env").ToString(), three.GetProperty("env").ToString());
        Assert.Equal(one.GetProperty("bindings").ToString(), three.GetProperty("bindings").ToString());
    }
}
