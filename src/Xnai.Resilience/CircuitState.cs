namespace Xnai.Resilience;

/// <summary>
/// State of a circuit. The numeric values are the <c>circuit_breaker_state</c> metric codes
/// (0 closed, 1 open, 2 half_open, 3 isolated, 4 disabled); never renumber them.
/// </summary>
public enum CircuitState
{
    /// <summary>Calls flow; outcomes are measured and may trip the circuit.</summary>
    Closed = 0,

    /// <summary>Calls are rejected until the break duration has elapsed.</summary>
    Open = 1,

    /// <summary>A limited number of probe calls decide between closed and open.</summary>
    HalfOpen = 2,

    /// <summary>Forced open by an operator; stays open until reset.</summary>
    Isolated = 3,

    /// <summary>Forced closed by an operator; outcomes are still measured but never trip the circuit.</summary>
    Disabled = 4,
}
