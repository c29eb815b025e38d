using Microsoft.Extensions.Options;
using Xnai.ServiceDefaults.Health;

namespace Xnai.ChatApi.Diagnostics;

/// <summary>
/// The dependency probe's last results for <c>/health</c>: one probe round per <see cref="HealthCacheOptions.RefreshInterval"/>
/// at most, however often <c>/health</c> is asked, so hammering it does not hammer rag, voice or Redis.
/// </summary>
public sealed class CachedDependencyProbe(DependencyProbe probe, IOptionsMonitor<HealthCacheOptions> options, TimeProvider timeProvider)
{
    /// <summary>Timeout of each probe of a round.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

    private readonly RefreshingValue<IReadOnlyList<DependencyProbeResult>> _results = new(
        cancellationToken => probe.ProbeAllAsync(ProbeTimeout, cancellationToken), () => options.CurrentValue.RefreshInterval, timeProvider);

    /// <summary>Probe rounds run since start.</summary>
    public int Rounds => _results.Loads;

    /// <summary>The latest results (a stale set starts a refresh in the background).</summary>
    public Task<IReadOnlyList<DependencyProbeResult>> GetAsync(CancellationToken cancellationToken) => _results.GetAsync(cancellationToken);
}
