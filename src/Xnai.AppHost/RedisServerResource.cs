namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// Debian's <c>redis-server</c> run as a local process: the stand-in for the Redis container on machines
/// without a container engine. It exposes the same connection string shape (<c>host:port</c>) that
/// <c>AddRedisClient</c> consumes, so services cannot tell the two apart.
/// </summary>
public sealed class RedisServerResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "tcp";

    /// <summary>The TCP endpoint clients connect to.</summary>
    public EndpointReference PrimaryEndpoint => field ??= new(this, PrimaryEndpointName);

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}");
}
