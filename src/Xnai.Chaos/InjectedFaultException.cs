namespace Xnai.Chaos;

/// <summary>The failure thrown by the chaos pipeline; handlers turn it into a 503, never a 500.</summary>
public sealed class InjectedFaultException : Exception
{
    /// <summary>Creates the exception with a message naming the kind of fault.</summary>
    public InjectedFaultException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the default message.</summary>
    public InjectedFaultException()
        : this("Injected fault.")
    {
    }

    /// <summary>Creates the exception wrapping an inner one.</summary>
    public InjectedFaultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the fault comes from an outage rather than the random error rate.</summary>
    public bool IsOutage { get; init; }
}
