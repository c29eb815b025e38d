using Polly;

namespace Xnai.ServiceDefaults.Resilience;

/// <summary>Typed pipeline strategy around a <see cref="CircuitBreaker"/>.</summary>
internal sealed class CircuitBreakerStrategy<TResult>(CircuitBreaker breaker, Func<Outcome<TResult>, bool>? isFailure)
    : ResilienceStrategy<TResult>
{
    private RejectionOutcome? _rejection;

    public CircuitBreaker Breaker { get; } = breaker;

    protected override ValueTask<Outcome<TResult>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
    {
        var permit = Breaker.Acquire();
        if (permit.IsRejected)
        {
            return new ValueTask<Outcome<TResult>>(Reject(permit));
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

    private async ValueTask<Outcome<TResult>> AwaitAsync(ValueTask<Outcome<TResult>> pending, CircuitPermit permit, ResilienceContext context)
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

    private CallResult Classify(in Outcome<TResult> outcome, ResilienceContext context)
    {
        if (CircuitBreakerOutcomes.IsCallerCancellation(outcome.Exception, context))
        {
            return CallResult.Ignored;
        }

        var failed = isFailure is null ? outcome.Exception is not null : isFailure(outcome);
        return failed ? CallResult.Failure : CallResult.Success;
    }

    // The outcome wraps the breaker's cached exception; caching it too keeps rejection allocation-free.
    private Outcome<TResult> Reject(in CircuitPermit permit)
    {
        var exception = Breaker.GetRejection(permit);
        var cached = Volatile.Read(ref _rejection);
        if (cached is not null && ReferenceEquals(cached.Exception, exception))
        {
            return cached.Outcome;
        }

        cached = new RejectionOutcome(exception, Outcome.FromException<TResult>(exception));
        Volatile.Write(ref _rejection, cached);
        return cached.Outcome;
    }

    private sealed record RejectionOutcome(CircuitBrokenException Exception, Outcome<TResult> Outcome);
}
