using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;

namespace Xnai.ServiceDefaults.Telemetry;

/// <summary>
/// <c>/metrics</c> is public: the .NET networking and Kestrel instruments tag their series with peer and listen
/// addresses (<c>server.address</c>, <c>server.port</c>, <c>network.peer.*</c>, <c>dns.question.name</c>), which would
/// publish internal host:port pairs. Their streams keep only the tags below.
/// </summary>
internal static class PublicMetricTags
{
    private static readonly string[] MetersWithAddresses =
        ["System.Net.Http", "System.Net.NameResolution", "System.Net.Sockets", "Microsoft.AspNetCore.Server.Kestrel"];

    private static readonly string[] SafeTagKeys =
    [
        "http.request.method", "http.response.status_code", "http.connection.state", "error.type", "url.scheme",
        "network.protocol.name", "network.protocol.version", "network.transport", "network.type", "tls.protocol.version",
    ];

    /// <summary>The view of <paramref name="instrument"/>: the safe tags for the address-tagging meters, the default otherwise.</summary>
    public static MetricStreamConfiguration? ViewFor(Instrument instrument) =>
        MetersWithAddresses.Contains(instrument.Meter.Name, StringComparer.Ordinal)
            ? new MetricStreamConfiguration { TagKeys = SafeTagKeys }
            : null;
}
