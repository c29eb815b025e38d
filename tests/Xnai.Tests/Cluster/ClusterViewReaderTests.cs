using Xnai.ChatApi.Cluster;
using Xnai.ChatApi.Health;

namespace Xnai.Tests.Cluster;

[Trait("Category", "Unit")]
public class ClusterViewReaderTests
{
    private static ReplicaSnapshot Replica(string id, string ragState) => new(id, DateTimeOffset.UnixEpoch, new Dictionary<string, BreakerHealth>
    {
        ["rag_api"] = new(ragState, 0, null, null, 0, 0, 0, 0, 0, 0, null),
        ["redis"] = new("closed", 0, null, null, 0, 0, 0, 0, 0, 0, null),
    });

    [Fact]
    public void Summary_CountsStatesPerBreaker_MostCommonFirst()
    {
        var summary = ClusterViewReader.Summarise([Replica("a", "open"), Replica("b", "closed"), Replica("c", "open")]);

        Assert.Equal("rag_api: open on 2 of 3 replicas, closed on 1", summary["rag_api"].Text);
        Assert.Equal(new Dictionary<string, int> { ["open"] = 2, ["closed"] = 1 }, summary["rag_api"].States);
        Assert.Equal("redis: closed on 3 of 3 replicas", summary["redis"].Text);
    }

    [Fact]
    public void Summary_OneReplica_IsSingular()
    {
        Assert.Equal("rag_api: isolated on 1 of 1 replica", ClusterViewReader.Summarise([Replica("a", "isolated")])["rag_api"].Text);
    }
}
