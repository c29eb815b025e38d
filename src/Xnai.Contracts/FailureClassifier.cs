namespace Xnai.Contracts;

/// <summary>How the outcomes of calls to a dependency are sorted into failures (counted by its breaker) and the rest.</summary>
public enum FailureClassifier
{
    /// <summary>
    /// An HTTP service: transport errors, timeouts, 5xx, 408 and 429 are failures; any other status (the caller's own
    /// 4xx) is an answer. Probed with <c>GET /health</c>.
    /// </summary>
    Http,

    /// <summary>Redis: connection errors and timeouts are failures. Probed with <c>PING</c>.</summary>
    Redis,
}
