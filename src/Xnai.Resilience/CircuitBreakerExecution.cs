using Polly;

namespace Xnai.Resilience;

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
            pending = Fault<TResult>(breaker, permit, ex);
        }

        if (pending.IsCompletedSuccessfully)
        {
            var outcome = pending.Result;
            breaker.Complete(permit, Classify(classifier, outcome, context), outcome.Exception, ReportedWait(permit, context));
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
            outcome = await Fault<TResult>(breaker, permit, ex).ConfigureAwait(false);
        }

        breaker.Complete(permit, Classify(classifier, outcome, context), outcome.Exception, ReportedWait(permit, context));
        return outcome;
    }

    // The local wait the callback reported (CircuitBreakerProperties.LocalWait), cleared so the
    // next attempt on the same context is judged on its own (a null boxes nothing). Read only for a timed call (the
    // slow-call rule on): the closed path of an untimed breaker stays without a dictionary lookup.
    private static TimeSpan? ReportedWait(in CircuitPermit permit, ResilienceContext context)
    {
        if (permit.Timestamp == 0 || !context.Properties.TryGetValue(CircuitBreakerProperties.LocalWait, out var wait) || wait is null)
        {
            return null;
        }

        context.Properties.Set(CircuitBreakerProperties.LocalWait, null);
        return wait;
    }

    // A thrown exception becomes an outcome, except a fatal one: the permit is released (a probe slot freed) and it is rethrown.
    private static ValueTask<Outcome<TResult>> Fault<TResult>(CircuitBreaker breaker, in CircuitPermit permit, Exception exception)
    {
        if (FatalExceptions.IsFatal(exception))
        {
            breaker.Complete(permit, CallResult.Ignored, exception);
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(exception);
        }

        return new ValueTask<Outcome<TResult>>(Outcome.FromException<TResult>(exception));
    }

    private static CallResult Classify<TResult, TClassifier>(TClassifier classifier, in Outcome<TResult> outcome, ResilienceContext context)
        where TClassifier : struct, IOutcomeClassifier<TResult>
    {
        // Neither a cancellation requested by the caller, nor a call the callback never made, nor a process-level failure
        // says anything about the dependency.
        var exception = outcome.Exception;
        if (exception is not null
            && ((exception is OperationCanceledException && context.CancellationToken.IsCancellationRequested)
                || exception is DependencyNotCalledException
                || FatalExceptions.IsFatal(exception)))
        {
            return CallResult.Ignored;
        }

        return classifier.IsFailure(outcome) ? CallResult.Failure : CallResult.Success;
    }
}
