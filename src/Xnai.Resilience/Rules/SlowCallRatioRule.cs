using System.Globalization;

namespace Xnai.Resilience;

/// <summary>
/// Trips when more than <see cref="Ratio"/> of the calls in the window took at least <see cref="Threshold"/>,
/// once the window holds enough calls. A slow call counts whether it succeeded or failed.
/// </summary>
/// <param name="ratio">Slow-call ratio that must be exceeded (0..1, exclusive); 0 turns the rule off.</param>
/// <param name="minimumThroughput">Calls the window must hold before the ratio means anything.</param>
/// <param name="threshold">A call taking at least this long is slow.</param>
public sealed class SlowCallRatioRule(double ratio, int minimumThroughput, TimeSpan threshold)
{
    /// <summary>Slow-call ratio that must be exceeded; 0 means off.</summary>
    public double Ratio { get; } = ratio;

    /// <summary>Calls the window must hold before the rule may trip.</summary>
    public int MinimumThroughput { get; } = minimumThroughput;

    /// <summary>A call taking at least this long is slow.</summary>
    public TimeSpan Threshold { get; } = threshold;

    /// <summary>Whether the rule can trip at all (and calls need timing).</summary>
    public bool IsOn => Ratio > 0;

    /// <summary>Whether a call that took <paramref name="elapsed"/> is slow.</summary>
    public bool IsSlow(TimeSpan elapsed) => IsOn && elapsed >= Threshold;

    /// <summary>Returns the reason to trip, or null. Evaluated on slow calls only (a fast call cannot raise the ratio).</summary>
    public string? Evaluate(in HealthCounts counts) =>
        IsOn && counts.Calls >= MinimumThroughput && counts.SlowCallRate > Ratio
            ? string.Create(CultureInfo.InvariantCulture, $"slow-call ratio {counts.SlowCallRate:0.###} above {Ratio:0.###} over {counts.Calls} calls")
            : null;
}
