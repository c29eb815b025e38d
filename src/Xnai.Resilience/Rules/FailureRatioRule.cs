using System.Globalization;

namespace Xnai.Resilience;

/// <summary>Trips when more than <see cref="Ratio"/> of the calls in the window failed, once the window holds enough calls.</summary>
/// <param name="ratio">Failure ratio that must be exceeded (0..1, exclusive); 0 turns the rule off.</param>
/// <param name="minimumThroughput">Calls the window must hold before the ratio means anything.</param>
public sealed class FailureRatioRule(double ratio, int minimumThroughput)
{
    /// <summary>Failure ratio that must be exceeded; 0 means off.</summary>
    public double Ratio { get; } = ratio;

    /// <summary>Calls the window must hold before the rule may trip.</summary>
    public int MinimumThroughput { get; } = minimumThroughput;

    /// <summary>Whether the rule can trip at all.</summary>
    public bool IsOn => Ratio > 0;

    /// <summary>Returns the reason to trip, or null. Evaluated on failures only (a success cannot raise the ratio).</summary>
    public string? Evaluate(in HealthCounts counts) =>
        IsOn && counts.Calls >= MinimumThroughput && counts.FailureRate > Ratio
            ? string.Create(CultureInfo.InvariantCulture, $"failure ratio {counts.FailureRate:0.###} above {Ratio:0.###} over {counts.Calls} calls")
            : null;
}
