using StackExchange.Redis;

namespace Xnai.ChatApi.Cluster;

/// <summary>chatapi's own Redis channels and keys for cluster state (one place, so no replica spells them differently).</summary>
internal static class ClusterKeys
{
    /// <summary>Operator actions, published to every replica as <c>{version}|{command json}</c>.</summary>
    public static readonly RedisChannel Commands = RedisChannel.Literal("xnai:cluster:circuits:commands");

    /// <summary>Acknowledgements, <c>{command id}|{replica}</c>.</summary>
    public static readonly RedisChannel Acks = RedisChannel.Literal("xnai:cluster:circuits:acks");

    /// <summary>Hash breaker name → the last operator action on it (<c>{version}|{command json}</c>); no TTL, persisted.</summary>
    public const string ManualStates = "xnai:cluster:circuits:manual";

    /// <summary>Counter that orders operator actions cluster-wide (replica clocks may disagree; Redis's counter does not).</summary>
    public const string ManualVersion = "xnai:cluster:circuits:version";

    /// <summary>Sorted set of replicas that published snapshots (member = replica id).</summary>
    public const string Replicas = "xnai:cluster:replicas";

    /// <summary>One replica's breaker snapshots, with a short TTL.</summary>
    public static string Snapshot(string replica) => $"xnai:cluster:replica:{replica}";
}
