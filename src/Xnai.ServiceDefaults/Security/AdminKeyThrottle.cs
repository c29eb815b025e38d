using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Xnai.ServiceDefaults.Security;

/// <summary>
/// Counts failed admin-key attempts per client in a fixed window (System.Threading.RateLimiting), so guessing the key
/// costs a window per few tries. Idle partitions are dropped by the limiter, so memory follows the active clients.
/// </summary>
public sealed class AdminKeyThrottle(IOptions<AdminKeyThrottleOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(client =>
        RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.FailedAttemptsPerWindow,
            Window = options.Value.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>How long a throttled client is told to wait.</summary>
    public TimeSpan Window => options.Value.Window;

    /// <summary>True while <paramref name="client"/> has failed attempts left in the current window.</summary>
    public bool MayTry(string client)
    {
        using var lease = _failures.AttemptAcquire(client, 0);
        return lease.IsAcquired;
    }

    /// <summary>Counts one failed attempt of <paramref name="client"/>.</summary>
    public void RecordFailure(string client) => _failures.AttemptAcquire(client, 1).Dispose();

    /// <inheritdoc />
    public void Dispose() => _failures.Dispose();
}
