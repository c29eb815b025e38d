using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Xnai.ChatApi.Dependencies;

/// <summary>What counts against an HTTP dependency's breaker (<see cref="Contracts.FailureClassifier.Http"/>).</summary>
public static class HttpFailures
{
    /// <summary>
    /// Microsoft.Extensions.Http.Resilience's transient rule (transport errors, pipeline timeouts, 5xx, 408, 429; not the
    /// caller's own 4xx), extended in one way: any other exception thrown on the way to the dependency counts too (service
    /// discovery resolving no endpoint, a handler failing), because the dependency did not answer either way. Cancellations
    /// stay out: the caller's own says nothing about the dependency, and the pipeline's timeout arrives as a
    /// <c>TimeoutRejectedException</c>.
    /// </summary>
    public static bool IsFailure(Outcome<HttpResponseMessage> outcome) =>
        HttpClientResiliencePredicates.IsTransient(outcome) || outcome.Exception is not (null or OperationCanceledException);
}
