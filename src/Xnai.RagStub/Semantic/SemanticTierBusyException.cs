using Xnai.Resilience;

namespace Xnai.RagStub.Semantic;

/// <summary>
/// A query was not encoded because the encoder's queue would make it miss its deadline, made it miss it, or is full:
/// the query is answered keyword-only. Not a call of the model, so the tier's breaker counts it neither as a failure
/// nor as a success (<see cref="DependencyNotCalledException"/>).
/// </summary>
public sealed class SemanticTierBusyException : DependencyNotCalledException
{
    /// <summary>Reason given to the caller (<c>reason</c> on the wire).</summary>
    public const string Reason = "semantic tier busy";

    /// <summary>Message when the deadline passed while the query waited for the encoder.</summary>
    public const string QueueWaitMessage = "semantic tier busy: the deadline passed while the query waited for the encoder";

    /// <summary>Creates the exception.</summary>
    public SemanticTierBusyException()
        : base(Reason)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SemanticTierBusyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public SemanticTierBusyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
