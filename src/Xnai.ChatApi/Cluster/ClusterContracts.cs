using Xnai.ChatApi.Health;

namespace Xnai.ChatApi.Cluster;

/// <summary>An operator action as every replica receives it.</summary>
public sealed record ManualCommand(string Id, string Circuit, string Action, string From, DateTimeOffset At);

/// <summary>
/// The answer to an operator action: the breaker on the replica that took it, and how far the action reached.
/// <see cref="Replicas"/> is how many replicas the cluster had when it was published (this one included): those subscribed
/// to the command channel, or those live in the cluster view if more (a replica reconnecting its subscription counts),
/// <see cref="Acknowledged"/> how many applied it within the acknowledgement bound.
/// </summary>
public sealed record CircuitControlResponse(
    string Circuit,
    string Action,
    string State,
    string Replica,
    bool ClusterReached,
    int Replicas,
    int Acknowledged,
    string Cluster,
    BreakerHealth Breaker);

/// <summary>One replica's breakers as it last published them.</summary>
public sealed record ReplicaSnapshot(string Replica, DateTimeOffset At, IReadOnlyDictionary<string, BreakerHealth> Breakers);

/// <summary>One breaker across the live replicas: how many are in each state, and that as a sentence.</summary>
public sealed record BreakerSummary(IReadOnlyDictionary<string, int> States, int Replicas, string Text);

/// <summary><c>GET /api/circuits/cluster</c>: every live replica's breakers and a summary per breaker.</summary>
public sealed record ClusterView(string AnsweredBy, int ReplicaCount, IReadOnlyList<ReplicaSnapshot> Replicas, IReadOnlyDictionary<string, BreakerSummary> Summary);
