namespace Xnai.ChatApi.Cluster;

/// <summary>
/// This replica's id: OpenTelemetry's <c>service.instance.id</c>. Aspire passes it to each replica in
/// <c>OTEL_RESOURCE_ATTRIBUTES</c>; elsewhere (tests, a plain <c>dotnet run</c>) a new id is made and registered as the
/// resource attribute, so the cluster view, logs, traces and <c>/metrics</c>'s <c>target_info</c> name the same replica.
/// </summary>
public sealed class ReplicaIdentity
{
    public const string AttributeName = "service.instance.id";

    public ReplicaIdentity(string id, bool fromEnvironment)
    {
        Id = id;
        FromEnvironment = fromEnvironment;
    }

    /// <summary>The replica id.</summary>
    public string Id { get; }

    /// <summary>Whether the id came from <c>OTEL_RESOURCE_ATTRIBUTES</c> (OpenTelemetry then reads it itself).</summary>
    public bool FromEnvironment { get; }

    /// <summary>Reads <c>service.instance.id</c> from <c>OTEL_RESOURCE_ATTRIBUTES</c> (<c>key=value,key=value</c>), else makes one.</summary>
    public static ReplicaIdentity From(IConfiguration configuration)
    {
        foreach (var pair in (configuration["OTEL_RESOURCE_ATTRIBUTES"] ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && parts[0] == AttributeName && parts[1].Length > 0)
            {
                return new(parts[1], fromEnvironment: true);
            }
        }

        return new(Guid.NewGuid().ToString("N")[..12], fromEnvironment: false);
    }
}
