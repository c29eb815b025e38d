using System.Diagnostics;
using System.Text.Json;

namespace Xnai.Tests.Integration;

/// <summary>The README's manifest export command writes a deployable manifest: the Redis container and the three projects.</summary>
[Trait("Category", "WholeApp")]
public sealed class ManifestTests
{
    [Fact]
    public async Task PublisherManifest_HasRedisContainerAndThreeProjects()
    {
        var output = Path.Combine(Directory.CreateTempSubdirectory("xnai-manifest-").FullName, "aspire-manifest.json");
        var appHostProject = Projects.Xnai_AppHost.ProjectPath;
#if DEBUG
        const string Configuration = "Debug";
#else
        const string Configuration = "Release";
#endif
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "run", "--no-build", "-c", Configuration, "--project", appHostProject, "--", "--publisher", "manifest", "--output-path", output },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{await stdout}\n{await stderr}");

        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        var resources = manifest.RootElement.GetProperty("resources");

        var cache = resources.GetProperty("cache");
        Assert.StartsWith("container.", cache.GetProperty("type").GetString());
        Assert.Contains("redis", cache.GetProperty("image").GetString());

        foreach (var name in new[] { "rag", "voice", "chatapi" })
        {
            Assert.StartsWith("project.", resources.GetProperty(name).GetProperty("type").GetString());
        }

        var chatEnv = resources.GetProperty("chatapi").GetProperty("env");
        Assert.True(chatEnv.TryGetProperty("ConnectionStrings__cache", out _), chatEnv.ToString());
        Assert.True(chatEnv.TryGetProperty("services__rag__http__0", out _), chatEnv.ToString());
        Assert.True(chatEnv.TryGetProperty("services__voice__http__0", out _), chatEnv.ToString());
    }
}
