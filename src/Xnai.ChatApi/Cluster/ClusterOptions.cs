using Microsoft.Extensions.Options;
using System.ComponentModel.DataAnnotations;

namespace Xnai.ChatApi.Cluster;

/// <summary>How replicas of chatapi share manual breaker states and their breaker snapshots (<c>Xnai:Cluster</c>).</summary>
public sealed class ClusterOptions
{
    public const string SectionName = "Xnai:Cluster";

    /// <summary>How long an operator action waits for the other replicas to acknowledge it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.05", "00:00:10")]
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often each replica publishes its breaker snapshots.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:01:00")]
    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a published snapshot lives: a replica silent this long has left the cluster view.</summary>
    [Range(typeof(TimeSpan), "00:00:00.3", "00:05:00")]
    public TimeSpan SnapshotTimeToLive { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>How often a replica retries subscribing while Redis cannot be reached.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:01:00")]
    public TimeSpan ResubscribeInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>The data annotations of <see cref="ClusterOptions"/>, checked by generated code (no reflection at start).</summary>
[OptionsValidator]
internal sealed partial class ClusterOptionsAnnotations : IValidateOptions<ClusterOptions>;
