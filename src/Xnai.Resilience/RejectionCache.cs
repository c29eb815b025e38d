using Polly;

namespace Xnai.Resilience;

/// <summary>
/// The outcome returned to rejected calls. It wraps the breaker's cached exception (one per open period and second of
/// retry-after), and is cached too, so a storm of rejections allocates nothing. Holds the last result type rejected.
/// </summary>
internal sealed class RejectionCache
{
    private object? _last;

    public Outcome<TResult> Get<TResult>(CircuitBreaker breaker, in CircuitPermit permit)
    {
        var exception = breaker.GetRejection(permit);
        if (Volatile.Read(ref _last) is Entry<TResult> cached && ReferenceEquals(cached.Exception, exception))
        {
            return cached.Outcome;
        }

        cached = new Entry<TResult>(exception, Outcome.FromException<TResult>(exception));
        Volatile.Write(ref _last, cached);
        return cached.Outcome;
    }

    private sealed record Entry<TResult>(CircuitBrokenException Exception, Outcome<TResult> Outcome);
}
