using Polly;

namespace Xnai.Resilience;

/// <summary>Adds a Xnai <see cref="CircuitBreaker"/> to Polly pipelines.</summary>
public static class CircuitBreakerPipelineExtensions
{
    /// <summary>
    /// Adds <paramref name="breaker"/> as a strategy of a typed pipeline. Place it inside the retry and outside the
    /// timeout (retry → breaker → timeout) so a timeout counts as a failure and a rejection is not retried blindly.
    /// </summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="breaker">The breaker, usually <c>registry.GetOrAdd(name)</c>; one per dependency.</param>
    /// <param name="isFailure">
    /// Which outcomes count as failures (for example 5xx results). Default: any exception. A cancellation requested
    /// by the caller's token is never a failure, whatever the predicate says.
    /// </param>
    /// <remarks>
    /// A rejected call returns <c>Outcome.FromException(CircuitBrokenException)</c> without throwing inside the
    /// pipeline: <c>ExecuteOutcomeAsync</c> callers get a non-throwing, allocation-free rejection, <c>ExecuteAsync</c>
    /// callers get the <see cref="CircuitBrokenException"/> (a Polly <c>BrokenCircuitException</c>).
    /// </remarks>
    public static ResiliencePipelineBuilder<TResult> AddXnaiCircuitBreaker<TResult>(
        this ResiliencePipelineBuilder<TResult> builder,
        CircuitBreaker breaker,
        Func<Outcome<TResult>, bool>? isFailure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(breaker);
        return builder.AddStrategy(_ => new CircuitBreakerStrategy<TResult>(breaker, isFailure), new XnaiCircuitBreakerStrategyOptions(breaker));
    }

    /// <summary>
    /// Adds <paramref name="breaker"/> as a strategy of an untyped pipeline; see the typed overload for placement and
    /// rejection behaviour. The predicate sees results boxed as <see cref="object"/>.
    /// </summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="breaker">The breaker, usually <c>registry.GetOrAdd(name)</c>; one per dependency.</param>
    /// <param name="isFailure">Which outcomes count as failures. Default: any exception except the caller's cancellation.</param>
    public static ResiliencePipelineBuilder AddXnaiCircuitBreaker(
        this ResiliencePipelineBuilder builder,
        CircuitBreaker breaker,
        Func<Outcome<object>, bool>? isFailure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(breaker);
        return builder.AddStrategy(_ => new UntypedCircuitBreakerStrategy(breaker, isFailure), new XnaiCircuitBreakerStrategyOptions(breaker));
    }
}
