namespace Xnai.Resilience;

internal enum CircuitPermitKind : byte
{
    Rejected,
    Call,
    Probe,
}

internal enum CallResult : byte
{
    Success,
    Failure,

    // Cancelled by the caller, or a fatal exception: says nothing about the dependency.
    Ignored,
}

/// <summary>
/// What <see cref="CircuitController.Acquire"/> decided for one call. <see cref="StateWord"/> is the breaker's
/// generation and state at that moment, so late outcomes of a previous period are recognised and not counted twice.
/// </summary>
internal readonly struct CircuitPermit(CircuitPermitKind kind, int stateWord, long timestamp)
{
    public CircuitPermitKind Kind { get; } = kind;

    public int StateWord { get; } = stateWord;

    /// <summary>
    /// Start of the call when the slow-call rule is on, always for probes (their deadline runs from it);
    /// for rejections, when the rejection happened.
    /// </summary>
    public long Timestamp { get; } = timestamp;

    public bool IsRejected => Kind == CircuitPermitKind.Rejected;
}
