namespace Xnai.Chaos;

/// <summary>
/// Body of <c>POST /api/admin/faults</c>. Omitted fields mean "none"; an omitted duration means until cleared.
/// </summary>
/// <param name="ErrorRate">Share of calls to fail, 0..1.</param>
/// <param name="LatencyMs">Delay to add to every call, 0..60,000 ms.</param>
/// <param name="Outage">Fail every call.</param>
/// <param name="DurationSeconds">End the faults by themselves after 1..86,400 s.</param>
public sealed record FaultRequest(double? ErrorRate, int? LatencyMs, bool? Outage, int? DurationSeconds);

/// <summary>The faults in force, as returned by every faults endpoint.</summary>
/// <param name="Active">True when any fault is injected.</param>
/// <param name="ErrorRate">Share of calls failed on purpose (before the outage switch).</param>
/// <param name="LatencyMs">Delay added to every call.</param>
/// <param name="Outage">Every call fails.</param>
/// <param name="ExpiresAt">When the faults end by themselves; null means until cleared.</param>
public sealed record FaultState(bool Active, double ErrorRate, int LatencyMs, bool Outage, DateTimeOffset? ExpiresAt)
{
    /// <summary>Projects the held settings onto the wire shape.</summary>
    public static FaultState From(FaultSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new(settings.IsActive, settings.ErrorRate, settings.LatencyMs, settings.Outage, settings.ExpiresAt);
    }
}
