namespace Xnai.Resilience;

/// <summary>Wire names (JSON, logs, events) and metric codes of <see cref="CircuitState"/>.</summary>
public static class CircuitStateNames
{
    /// <summary>Wire name of <see cref="CircuitState.Closed"/>.</summary>
    public const string Closed = "closed";

    /// <summary>Wire name of <see cref="CircuitState.Open"/>.</summary>
    public const string Open = "open";

    /// <summary>Wire name of <see cref="CircuitState.HalfOpen"/>.</summary>
    public const string HalfOpen = "half_open";

    /// <summary>Wire name of <see cref="CircuitState.Isolated"/>.</summary>
    public const string Isolated = "isolated";

    /// <summary>Wire name of <see cref="CircuitState.Disabled"/>.</summary>
    public const string Disabled = "disabled";

    /// <summary>Returns the snake_case wire name used in health payloads and <c>/api/circuits</c> ("closed", "half_open", ...).</summary>
    public static string ToWire(CircuitState state) => state switch
    {
        CircuitState.Closed => Closed,
        CircuitState.Open => Open,
        CircuitState.HalfOpen => HalfOpen,
        CircuitState.Isolated => Isolated,
        CircuitState.Disabled => Disabled,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown circuit state."),
    };

    /// <summary>Parses a wire name (case-insensitive).</summary>
    public static bool TryParse(string? value, out CircuitState state)
    {
        foreach (var candidate in Enum.GetValues<CircuitState>())
        {
            if (string.Equals(ToWire(candidate), value, StringComparison.OrdinalIgnoreCase))
            {
                state = candidate;
                return true;
            }
        }

        state = default;
        return false;
    }

    /// <summary>Returns the value reported by the <c>circuit_breaker_state</c> gauge.</summary>
    public static int ToMetricCode(CircuitState state) => (int)state;
}
