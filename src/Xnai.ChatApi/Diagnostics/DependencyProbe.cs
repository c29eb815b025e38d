using System.Diagnostics;
using Microsoft.Extensions.ServiceDiscovery;
using StackExchange.Redis;
using Xnai.Contracts;

namespace Xnai.ChatApi.Diagnostics;

/// <summary>Result of one real call to a dependency.</summary>
public sealed record DependencyProbeResult(string Name, bool Reachable, string Target, double ElapsedMs, string? Detail);

/// <summary>
/// Proves chatapi can reach each of <see cref="XnaiDependencies.All"/> with a real call: an HTTP service through service
/// discovery (GET /health on the discovered address), Redis through its connection string (PING).
/// Deliberately bypasses the breakers: it answers "is it there", not "would the chat use it".
/// </summary>
public sealed class DependencyProbe(
    IHttpClientFactory httpClientFactory,
    ServiceEndpointResolver endpointResolver,
    IConnectionMultiplexer redis,
    TimeProvider timeProvider)
{
    /// <summary>Named client used for probes: service discovery, no resilience handler.</summary>
    public const string ProbeClientName = "dependency-probe";

    /// <summary>Calls every dependency once, concurrently, each bounded by <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<DependencyProbeResult>> ProbeAllAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var probes = XnaiDependencies.All.Select(d => d.Classifier switch
        {
            FailureClassifier.Redis => ProbeRedisAsync(d.Resource, timeout),
            _ => ProbeHttpAsync(d.Resource, new Uri($"https+http://{d.Resource}/health"), timeout, cancellationToken),
        });
        return await Task.WhenAll(probes).ConfigureAwait(false);
    }

    private async Task<DependencyProbeResult> ProbeHttpAsync(string name, Uri address, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            var resolved = await endpointResolver.GetEndpointsAsync(address.GetLeftPart(UriPartial.Authority), cts.Token).ConfigureAwait(false);
            var target = string.Join(", ", resolved.Endpoints.Select(e => e.EndPoint.ToString()));
            var client = httpClientFactory.CreateClient(ProbeClientName);
            using var response = await client.GetAsync(address, cts.Token).ConfigureAwait(false);
            return new(name, response.IsSuccessStatusCode, target, Elapsed(started), $"HTTP {(int)response.StatusCode}");
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or InvalidOperationException)
        {
            return new(name, false, address.ToString(), Elapsed(started), ex.GetType().Name);
        }
    }

    private async Task<DependencyProbeResult> ProbeRedisAsync(string name, TimeSpan timeout)
    {
        var started = timeProvider.GetTimestamp();
        var endpoint = redis.GetEndPoints().FirstOrDefault()?.ToString() ?? "unknown";
        try
        {
            var ping = await redis.GetDatabase().PingAsync().WaitAsync(timeout, timeProvider).ConfigureAwait(false);
            return new(name, true, endpoint, Elapsed(started), $"PING {ping.TotalMilliseconds:F1} ms");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return new(name, false, endpoint, Elapsed(started), ex.GetType().Name);
        }
    }

    private double Elapsed(long started) => timeProvider.GetElapsedTime(started).TotalMilliseconds;
}
