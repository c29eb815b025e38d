namespace Xnai.Resilience;

/// <summary>
/// Thrown by a callback that gave up before it reached the dependency: a local queue in front of it was full, or the
/// call's deadline passed while it waited for its turn. The breaker counts it neither as a failure nor as a success
/// (a half-open probe that ends with it frees its slot): a busy caller says nothing about the dependency's health, and
/// counted as a success it would hide failures (a consecutive-failures rule would be reset by every refused call).
/// </summary>
/// <remarks>Derive from it for a caller's own reason (for example "the encoder is busy"); it travels on to the caller.</remarks>
public class DependencyNotCalledException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DependencyNotCalledException()
        : base("The dependency was not called.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DependencyNotCalledException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public DependencyNotCalledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
