using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Xnai.ServiceDefaults.Health;

/// <summary>
/// The service's health report, run at most once per <see cref="HealthCacheOptions.RefreshInterval"/>; a report older
/// than two intervals is never served (the reader waits for the fresh one), so it cannot outlive the state it describes.
/// </summary>
public sealed class CachedHealthReport(HealthCheckService checks, IOptionsMonitor<HealthCacheOptions> options, TimeProvider timeProvider)
{
    private readonly RefreshingValue<HealthReport> _report = new(
        cancellationToken => checks.CheckHealthAsync(cancellationToken),
        () => options.CurrentValue.RefreshInterval,
        timeProvider,
        maxStale: () => options.CurrentValue.RefreshInterval);

    /// <summary>The latest report (refreshed in the background when stale).</summary>
    public Task<HealthReport> GetAsync(CancellationToken cancellationToken) => _report.GetAsync(cancellationToken);

    /// <summary>Answers <c>/health</c>: 200 healthy or degraded, 503 unhealthy, the report as JSON.</summary>
    public static async Task WriteAsync(HttpContext context, CachedHealthReport cache)
    {
        var report = await cache.GetAsync(context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        context.Response.Headers.CacheControl = "no-store";
        await HealthReportWriter.WriteAsync(context, report).ConfigureAwait(false);
    }
}
