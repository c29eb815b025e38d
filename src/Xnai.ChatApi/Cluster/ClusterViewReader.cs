using System.Text.Json;
using StackExchange.Redis;

namespace Xnai.ChatApi.Cluster;

/// <summary>Reads every live replica's published breaker snapshots and summarises each breaker across them.</summary>
public sealed class ClusterViewReader(IConnectionMultiplexer redis, ReplicaIdentity replica)
{
    /// <summary>The cluster view; throws <see cref="RedisException"/> or <see cref="TimeoutException"/> when Redis cannot be read.</summary>
    public async Task<ClusterView> ReadAsync()
    {
        var db = redis.GetDatabase();
        var ids = await db.SortedSetRangeByRankAsync(ClusterKeys.Replicas).ConfigureAwait(false);
        var values = await db.StringGetAsync([.. ids.Select(id => (RedisKey)ClusterKeys.Snapshot(id!))]).ConfigureAwait(false);

        var replicas = new List<ReplicaSnapshot>();
        var gone = new List<RedisValue>();
        for (var i = 0; i < ids.Length; i++)
        {
            var snapshot = values[i].IsNullOrEmpty ? null : JsonSerializer.Deserialize<ReplicaSnapshot>(values[i].ToString(), ClusterSnapshotPublisher.Json);
            if (snapshot is null)
            {
                gone.Add(ids[i]);
            }
            else
            {
                replicas.Add(snapshot);
            }
        }

        // A snapshot that expired belongs to a replica that left; its index entry goes too.
        if (gone.Count > 0)
        {
            await db.SortedSetRemoveAsync(ClusterKeys.Replicas, [.. gone]).ConfigureAwait(false);
        }

        replicas.Sort((a, b) => string.CompareOrdinal(a.Replica, b.Replica));
        return new(replica.Id, replicas.Count, replicas, Summarise(replicas));
    }

    /// <summary>Per breaker: replicas in each state, and e.g. "rag_api: open on 2 of 3 replicas, closed on 1".</summary>
    internal static IReadOnlyDictionary<string, BreakerSummary> Summarise(IReadOnlyList<ReplicaSnapshot> replicas)
    {
        var summary = new SortedDictionary<string, BreakerSummary>(StringComparer.Ordinal);
        foreach (var name in replicas.SelectMany(r => r.Breakers.Keys).Distinct(StringComparer.Ordinal))
        {
            var states = replicas
                .Where(r => r.Breakers.ContainsKey(name))
                .GroupBy(r => r.Breakers[name].State, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var total = states.Values.Sum();
            var text = $"{name}: " + string.Join(", ", states.Select((s, i) => i == 0 ? $"{s.Key} on {s.Value} of {total} replica{(total == 1 ? "" : "s")}" : $"{s.Key} on {s.Value}"));
            summary[name] = new(states, total, text);
        }

        return summary;
    }
}
