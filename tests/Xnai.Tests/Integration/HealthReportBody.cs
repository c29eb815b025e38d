using System.Net.Http.Json;
using System.Text.Json;

namespace Xnai.Tests.Integration;

/// <summary>
/// rag's and voice's <c>GET /health</c> as <c>HealthReportWriter</c> writes it (an anonymous type there, so the record
/// lives here): overall status and each check's status, description and data. Data values stay JSON: each check
/// puts its own kind of value there.
/// </summary>
internal sealed record HealthReportBody(string Status, double TotalDurationMs, IReadOnlyDictionary<string, HealthCheckBody> Checks);

/// <summary>One check of <see cref="HealthReportBody"/>.</summary>
internal sealed record HealthCheckBody(string Status, string? Description, IReadOnlyDictionary<string, JsonElement>? Data);

internal static class HealthReportCalls
{
    /// <summary>A rag or voice <c>/health</c>; throws unless 2xx.</summary>
    public static async Task<HealthReportBody> HealthReportAsync(this HttpClient client) =>
        (await client.GetFromJsonAsync<HealthReportBody>("/health").WaitAsync(TimeSpan.FromSeconds(30)))!;
}
