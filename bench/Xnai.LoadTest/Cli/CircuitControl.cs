using Xnai.Contracts;

namespace Xnai.LoadTest.Cli;

/// <summary>Operator actions on chatapi's breakers (<c>POST /api/circuits/{name}/{action}</c> with the admin key).</summary>
internal sealed class CircuitControl(HttpClient client, Uri target, string adminKey)
{
    /// <summary>chatapi's breakers, one per dependency; used when <c>/api/circuits</c> cannot be read.</summary>
    public static readonly string[] DefaultNames = [.. XnaiDependencies.All.Select(d => d.Breaker)];

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public async Task ApplyAsync(IEnumerable<string> names, string action, CancellationToken cancellationToken)
    {
        foreach (var name in names)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(target, $"api/circuits/{Uri.EscapeDataString(name)}/{action}"));
            request.Headers.Add("X-Admin-Key", adminKey);
            using var response = await client.SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException(
                    $"POST /api/circuits/{name}/{action} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(timeout.Token)}");
            }
        }
    }
}
