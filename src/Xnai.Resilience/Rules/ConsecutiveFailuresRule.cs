using System.Globalization;

namespace Xnai.Resilience;

/// <summary>Trips after <see cref="Threshold"/> failures in a row (any success in between starts the count again).</summary>
/// <param name="threshold">Failures in a row that open the circuit; 0 turns the rule off.</param>
public sealed class ConsecutiveFailuresRule(int threshold)
{
    /// <summary>Failures in a row that open the circuit; 0 means off.</summary>
    public int Threshold { get; } = threshold;

    /// <summary>Whether the rule can trip at all.</summary>
    public bool IsOn => Threshold > 0;

    /// <summary>Returns the reason to trip, or null. Evaluated on failures only.</summary>
    /// <param name="consecutiveFailures">Failures in a row, including the one just recorded.</param>
    public string? Evaluate(int consecutiveFailures) =>
        IsOn && consecutiveFailures >= Threshold
            ? string.Create(CultureInfo.InvariantCulture, $"{consecutiveFailures} consecutive failures")
            : null;
}
