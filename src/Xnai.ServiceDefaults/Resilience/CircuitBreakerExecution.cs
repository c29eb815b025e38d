using Polly;

namespace Xnai.ServiceDefaults.Resilience;

/// <summary>Decides whether a completed call counts as a failure (the caller-cancellation rule is applied before).</summary>
internal interface IOutcomeClassifier<TResult>
{
    bool IsFailure(in Outcome<TResult> outcome);
}

/// <summary>
/// The execute path both pipeline strategies share: acquire a permit, run the callback, report the outcome.
/// The classifier is a struct type argument, so the JIT specialises the path for it and the closed path allocates
/// nothing (a delegate parameter would cost an indirect call, and a closure an allocation, per call).
/// </summary>
internal static class CircuitBreakerExecution
{
    public static ValueTask<Outcome<TResult>> ExecuteAsync<TResult, TState, TClassifier>(
        CircuitBreaker breaker,
        RejectionCache rejections,
        TClassifier classifier,
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
        where TClassifier : struct, IOutcomeClassifier<TResult>
    {
        var permit = breaker.Acquire();
        if (permit.IsRejected)
        {
            return new ValueTask<Outcome<TResult>>(rejections.Get<TResult>(breaker, permit));
        }

        ValueTask<Outcome<TResult>> pending;
        try
        {
            pending = callback(context, state);
        }
        catch (Exception ex)
        {
            pending = new ValueTask<Outcome<TResult>>(Outcome.FromException<TResult>(ex));
        }

        if (pending.IsCompletedSuccessfully)
        {
            var outcome = pending.Result;
            breaker.Complete(permit, Classify(classifier, outcome, context), outcome.Exception);
            return new ValueTask<Outcome<TResult>>(outcome);
        }

        return AwaitAsync(breaker, classifier, pending, permit, context);
    }

    private static async ValueTask<Outcome<TResult>> AwaitAsync<TResult, TClassifier>(
        CircuitBreaker breaker, TClassifier classifier, ValueTask<Outcome<TResult>> pending, CircuitPermit permit, ResilienceContext context)
        where TClassifier : struct, IOutcomeClassifier<TResult>
    {
        Outcome<TResult> outcome;
        try
        {
            outcome = await pending.ConfigureAwait(context.ContinueOnCapturedContext);
        }
        catch (Exception ex)
        {
            outcome = Outcome.FromException<TResult>(ex);
        }

        breaker.Complete(permit, Classify(classifier, outcome, context), outcome.Exception);
        return outcome;
    }

    private static CallResult Classify<TResult, TClassifier>(TClassifier classifier, in Outcome<TResult> outcome, ResilienceContext context)
        where TClassifier : struct, IOutcomeClassifier<TResult>
    {
        if (CircuitBreakerOutcomes.IsCallerCancellation(outcome.Exception, context))
        {
            return CallResult.Ignored;
        }

        return classifier.IsFailure(outcome) ? CallResult.Failure : CallResult.Success;
    }
}

/// <summary>
/// The outcome returned to rejected calls. It wraps the breaker's cached exception (one per open period and second of
/// retry-after), and is cached too, so a storm of rejections allocates nothing. Holds the last result type rejected.
/// </summary>
internal sealed class RejectionCache
{
    private object? _last;

    public Outcome<TResult> Get<TResult>(CircuitBreaker breaker, in CircuitPermit permit)
    {
        var exception = breaker.GetRejection(permit);
        if (Volatile.Read(ref _last) is Entry<TResult> cached && ReferenceEquals(cached.Exception, exception))
        {
            return cached.Outcome;
        }

        cached = new Entry<TResult>(exception, Outcome.FromException<TResult>(exception));
        Volatile.Write(ref _last, cached);
        return cached.Outcome;
    }

    private sealed record Entry<TResult>(CircuitBrokenException Exception, Outcome<TResult> Outcome);
}
