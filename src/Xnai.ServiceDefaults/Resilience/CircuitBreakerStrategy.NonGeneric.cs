using Polly;

namespace Xnai.ServiceDefaults.Resilience;

/// <summary>Untyped pipeline strategy around a <see cref="CircuitBreaker"/>, for <see cref="ResiliencePipelineBuilder"/>.</summary>
internal sealed class CircuitBreakerStrategy(CircuitBreaker breaker, Func<Outcome<object>, bool>? isFailure) : ResilienceStrategy
{
    // Holds a RejectionOutcome<TResult> for the last result type rejected.
    private object? _rejection;

    public CircuitBreaker Breaker { get; } = breaker;

    protected override ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
    {
        var permit = Breaker.Acquire();
        if (permit.IsRejected)
        {
            return new ValueTask<Outcome<TResult>>(Reject<TResult>(permit));
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
            Breaker.Complete(permit, Classify(outcome, context), outcome.Exception);
            return new ValueTask<Outcome<TResult>>(outcome);
        }

        return AwaitAsync(pending, permit, context);
    }

    private async ValueTask<Outcome<TResult>> AwaitAsync<TResult>(ValueTask<Outcome<TResult>> pending, CircuitPermit permit, ResilienceContext context)
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

        Breaker.Complete(permit, Classify(outcome, context), outcome.Exception);
        return outcome;
    }

    private CallResult Classify<TResult>(in Outcome<TResult> outcome, ResilienceContext context)
    {
        if (CircuitBreakerOutcomes.IsCallerCancellation(outcome.Exception, context))
        {
            return CallResult.Ignored;
        }

        if (isFailure is null)
        {
            return outcome.Exception is null ? CallResult.Success : CallResult.Failure;
        }

        // Boxes value-type results; only paid when a custom predicate is supplied.
        var untyped = outcome.Exception is { } ex ? Outcome.FromException<object>(ex) : Outcome.FromResult<object>(outcome.Result);
        return isFailure(untyped) ? CallResult.Failure : CallResult.Success;
    }

    private Outcome<TResult> Reject<TResult>(in CircuitPermit permit)
    {
        var exception = Breaker.GetRejection(permit);
        if (Volatile.Read(ref _rejection) is RejectionOutcome<TResult> cached && ReferenceEquals(cached.Exception, exception))
        {
            return cached.Outcome;
        }

        cached = new RejectionOutcome<TResult>(exception, Outcome.FromException<TResult>(exception));
        Volatile.Write(ref _rejection, cached);
        return cached.Outcome;
    }

    private sealed record RejectionOutcome<TResult>(CircuitBrokenException Exception, Outcome<TResult> Outcome);
}
