namespace Xnai.RagStub.Semantic;

/// <summary>
/// A query was not encoded because the encoder's queue would make it miss its deadline (or the queue is full): the
/// query is answered keyword-only. Not a failure of the model, so the tier's breaker does not count it.
/// </summary>
public sealed class SemanticTierBusyException : Exception
{
    /// <summary>Reason given to the caller (<c>reason</c> on the wire).</summary>
    public const string Reason = "semantic tier busy";

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
