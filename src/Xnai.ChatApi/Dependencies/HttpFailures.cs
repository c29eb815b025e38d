using System.Net;
using Polly;
using Polly.Timeout;

namespace Xnai.ChatApi.Dependencies;

/// <summary>What counts against a dependency's breaker: transport errors, timeouts and server-side failures — not the caller's own 4xx.</summary>
public static class HttpFailures
{
    public static bool IsFailure(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Exception: not null } => outcome.Exception is not OperationCanceledException,
        { Result: { } response } => (int)response.StatusCode >= 500
            || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests,
        _ => false,
    };
}
