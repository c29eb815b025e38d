using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>Writes a health report as JSON: overall status plus each check's status, description and data (texts redacted, see <see cref="Xnai.ServiceDefaults.PublicText"/>).</summary>
public static class HealthReportWriter
{
    /// <summary>Writes <paramref name="report"/> to the response as <c>application/json</c>.</summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = ToWire(report.Status),
            totalDurationMs = report.TotalDuration.TotalMilliseconds,
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new
                {
                    status = ToWire(e.Value.Status),
                    // Public answer: a check's text may hold paths or addresses (the full text is in the logs).
                    description = e.Value.Description is { } description ? Xnai.ServiceDefaults.PublicText.Redact(description) : null,
                    data = e.Value.Data.Count == 0 ? null : e.Value.Data.ToDictionary(d => d.Key, d => d.Value is string text ? Xnai.ServiceDefaults.PublicText.Redact(text) : d.Value),
                }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: context.RequestAborted);
    }

    /// <summary>The lowercase wire name of a health status.</summary>
    public static string ToWire(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
