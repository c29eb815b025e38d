using System.Text.Json;
using Xnai.Tests.Integration;

namespace Xnai.Tests.Cluster;

/// <summary>Xnai:ChatApi:Replicas reaches the exported manifest; without it chatapi's entry is Aspire's own.</summary>
[Trait("Category", "WholeApp")]
public sealed class ReplicaManifestTests
{
    private static async Task<JsonElement> ChatApiEntryAsync(string? replicas)
    {
        using var manifest = await ManifestExport.ExportAsync(
            replicas is null ? null : new Dictionary<string, string> { ["Xnai__ChatApi__Replicas"] = replicas });
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
