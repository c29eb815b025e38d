using Polly;

namespace Xnai.Resilience;

/// <summary>Typed pipeline strategy around a <see cref="CircuitBreaker"/>.</summary>
internal sealed class CircuitBreakerStrategy<TResult>(CircuitBreaker breaker, Func<Outcome<TResult>, bool>? isFailure)
    : ResilienceStrategy<TResult>
{
    private readonly RejectionCache _rejections = new();

    public CircuitBreaker Breaker { get; } = breaker;

    protected override ValueTask<Outcome<TResult>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state) =>
        CircuitBreakerExecution.ExecuteAsync(Breaker, _rejections, new Classifier(isFailure), callback, context, state);

    private readonly struct Classifier(Func<Outcome<TResult>, bool>? isFailure) : IOutcomeClassifier<TResult>
    {
        public bool IsFailure(in Outcome<TResult> outcome) => isFailure is null ? outcome.Exception is not null : isFailure(outcome);
    }
}
