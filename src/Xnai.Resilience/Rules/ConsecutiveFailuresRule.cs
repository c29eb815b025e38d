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

    /// <summary>
    /// Returns the reason to trip, or null. Evaluated on failures only. The reason names the threshold reached, not the
    /// caller's count: concurrent failures each see their own count, and whichever caller takes the lock first trips, so
    /// a count past the threshold ("5 consecutive failures" with a threshold of 3) only says which thread won the race.
    /// </summary>
    /// <param name="consecutiveFailures">Failures in a row, including the one just recorded.</param>
    public string? Evaluate(int consecutiveFailures) =>
        IsOn && consecutiveFailures >= Threshold
            ? string.Create(CultureInfo.InvariantCulture, $"{Threshold} consecutive failures")
            : null;
}
