using System.Text.Json;

namespace Xnai.Tests.Integration;

/// <summary>The README's manifest export command writes a deployable manifest: the Redis container and the three projects.</summary>
[Trait("Category", "WholeApp")]
public sealed class ManifestTests
{
    [Fact]
    public async Task PublisherManifest_HasRedisContainerAndThreeProjects()
    {
        using var manifest = await ManifestExport.ExportAsync();
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
