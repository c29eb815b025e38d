namespace Xnai.Chaos;

/// <summary>
/// The faults a service injects into its own work, as one immutable snapshot:
/// swapping the whole snapshot keeps readers from ever seeing half an update.
/// </summary>
/// <param name="ErrorRate">Share of calls that fail, 0..1.</param>
/// <param name="LatencyMs">Delay added before every call, in milliseconds.</param>
/// <param name="Outage">When true every call fails, whatever <paramref name="ErrorRate"/> says.</param>
/// <param name="ExpiresAt">When the faults stop by themselves; null means until cleared.</param>
public sealed record FaultSettings(double ErrorRate, int LatencyMs, bool Outage, DateTimeOffset? ExpiresAt)
{
    /// <summary>No fault at all: the state of a service nobody is experimenting on.</summary>
    public static FaultSettings None { get; } = new(0, 0, false, null);

    /// <summary>True when at least one fault is injected.</summary>
    public bool IsActive => Outage || ErrorRate > 0 || LatencyMs > 0;

    /// <summary>The failure share actually applied: an outage fails everything.</summary>
    public double EffectiveErrorRate => Outage ? 1.0 : ErrorRate;
}
