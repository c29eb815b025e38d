namespace Xnai.Chaos;

/// <summary>
/// Thread-safe holder of the current <see cref="FaultSettings"/>, changed at run time by the admin endpoints
/// and read on every call by the chaos pipeline. Expiry is checked on read against <see cref="TimeProvider"/>,
/// so no timer is needed and tests can move time explicitly.
/// </summary>
public sealed class FaultControl(TimeProvider timeProvider)
{
    private FaultSettings _settings = FaultSettings.None;

    /// <summary>The settings in force now; <see cref="FaultSettings.None"/> once they have expired.</summary>
    public FaultSettings Current
    {
        get
        {
            var settings = Volatile.Read(ref _settings);
            if (settings.ExpiresAt is { } expiresAt && timeProvider.GetUtcNow() >= expiresAt)
            {
                // Only the reader that still sees the expired snapshot resets it; a newer setting survives.
                Interlocked.CompareExchange(ref _settings, FaultSettings.None, settings);
                return FaultSettings.None;
            }

            return settings;
        }
    }

    /// <summary>Replaces the current faults; they end after <paramref name="duration"/> when one is given.</summary>
    public FaultSettings Set(double errorRate, int latencyMs, bool outage, TimeSpan? duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(errorRate, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(errorRate, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(latencyMs);
        if (duration is { } d)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(d, TimeSpan.Zero, nameof(duration));
        }

        var settings = new FaultSettings(errorRate, latencyMs, outage, timeProvider.GetUtcNow() + duration);
        Volatile.Write(ref _settings, settings);
        return settings;
    }

    /// <summary>Removes every fault at once.</summary>
    public void Clear() => Volatile.Write(ref _settings, FaultSettings.None);
}
