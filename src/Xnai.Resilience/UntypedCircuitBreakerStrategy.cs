using Polly;

namespace Xnai.Resilience;

/// <summary>Untyped pipeline strategy around a <see cref="CircuitBreaker"/>, for <see cref="ResiliencePipelineBuilder"/>.</summary>
internal sealed class UntypedCircuitBreakerStrategy(CircuitBreaker breaker, Func<Outcome<object>, bool>? isFailure) : ResilienceStrategy
{
    private readonly RejectionCache _rejections = new();

    public CircuitBreaker Breaker { get; } = breaker;

    protected override ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state) =>
        CircuitBreakerExecution.ExecuteAsync(Breaker, _rejections, new Classifier<TResult>(isFailure), callback, context, state);

    private readonly struct Classifier<TResult>(Func<Outcome<object>, bool>? isFailure) : IOutcomeClassifier<TResult>
    {
        public bool IsFailure(in Outcome<TResult> outcome)
        {
            if (isFailure is null)
            {
                return outcome.Exception is not null;
            }

            // Boxes value-type results; only paid when a custom predicate is supplied.
            var untyped = outcome.Exception is { } ex ? Outcome.FromException<object>(ex) : Outcome.FromResult<object>(outcome.Result);
            return isFailure(untyped);
        }
    }
}
