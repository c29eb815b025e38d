using Xnai.Contracts;
using Xnai.Resilience;

namespace Xnai.ChatApi.Dependencies;

/// <summary>Turns a failed call into the <see cref="Fallback"/> that says when the dependency is tried again.</summary>
public sealed class DependencyFallbacks(CircuitBreakerRegistry breakers)
{
    /// <summary>
    /// A rejection carries its own retry time; any other failure reads the breaker, which may have just opened on it
    /// (the third RAG failure answers "in about 30 seconds", not "with your next message").
    /// </summary>
    public Fallback For(XnaiDependency dependency, Exception failure) => Fallback.Of(
        dependency,
        failure is CircuitBrokenException { RetryAfter: { } retryAfter } ? retryAfter : breakers.Get(dependency.Breaker).GetSnapshot().RetryAfter);
}
