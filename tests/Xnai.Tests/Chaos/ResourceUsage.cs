using System.Globalization;
using Xnai.Tests.Chat;

namespace Xnai.Tests.Chaos;

/// <summary>chatapi's own view of its resources, read from its Prometheus scrape (so it is the real process, not the test's).</summary>
internal sealed record ResourceUsage(double OpenConnections, double HeapBytes)
{
    public static async Task<ResourceUsage> ReadAsync(HttpClient chat)
    {
        // The heap figure is the one after the last collection: live objects, not garbage, without waiting for one.
        var text = await chat.GetStringAsync("/metrics");
        var connections = Sum(text, "http_client_open_connections");
        var heap = Sum(text, "dotnet_gc_last_collection_heap_size_bytes");
        Assert.True(heap > 0, "dotnet_gc_last_collection_heap_size_bytes missing from /metrics: "
            + string.Join(", ", text.Split('\n').Where(l => l.StartsWith("# TYPE", StringComparison.Ordinal)).Take(80)));
        return new(connections, heap);
    }

    private static double Sum(string metrics, string name) => metrics.Split('\n')
        .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
        .Sum(line => double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
}
