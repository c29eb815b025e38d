using Polly;

namespace Xnai.Resilience;

/// <summary>Decides whether a completed call counts as a failure (caller cancellations and fatal exceptions are sorted out before).</summary>
internal interface IOutcomeClassifier<TResult>
{
    bool IsFailure(in Outcome<TResult> outcome);
}
