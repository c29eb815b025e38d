namespace Xnai.ServiceDefaults.Health;

/// <summary>
/// A value loaded at most once per <c>maxAge</c>, however often it is asked for: callers get the last value at once,
/// and a stale value starts one background refresh (never one per caller). Only the very first read waits for a load.
/// Used for health answers, so hammering <c>/health</c> does not hammer the dependencies it reports on.
/// With <c>maxStale</c>, a value older than <c>maxAge + maxStale</c> is not served at all: the caller waits for the
/// refresh, so a reader after a quiet spell never gets a report from long ago (rag's "warming up, passages 0" while it
/// was serving hybrid answers, issue 27).
/// </summary>
public sealed class RefreshingValue<T>(
    Func<CancellationToken, Task<T>> load, Func<TimeSpan> maxAge, TimeProvider timeProvider, Func<TimeSpan>? maxStale = null)
    where T : class
{
    private readonly Lock _gate = new();
    private T? _value;
    private long _loadedAt;
    private Task<T>? _refresh;

    /// <summary>Loads completed since creation (for tests and diagnostics).</summary>
    public int Loads { get; private set; }

    /// <summary>The current value; starts a refresh when it is older than the maximum age.</summary>
    public Task<T> GetAsync(CancellationToken cancellationToken)
    {
        Task<T> refresh;
        lock (_gate)
        {
            var age = _value is null ? TimeSpan.MaxValue : timeProvider.GetElapsedTime(_loadedAt);
            if (_value is not null && age < maxAge())
            {
                return Task.FromResult(_value);
            }

            // Task.Run: the refresh's completion must not run inside this lock (it clears _refresh under it).
            refresh = _refresh ??= Task.Run(RefreshAsync, CancellationToken.None);
            if (_value is not null && (maxStale is null || age < maxAge() + maxStale()))
            {
                return Task.FromResult(_value);
            }
        }

        return refresh.WaitAsync(cancellationToken);
    }

    private async Task<T> RefreshAsync()
    {
        try
        {
            // Not the caller's token: one impatient caller must not cancel the load everyone shares.
            var value = await load(CancellationToken.None).ConfigureAwait(false);
            lock (_gate)
            {
                _value = value;
                _loadedAt = timeProvider.GetTimestamp();
                Loads++;
            }

            return value;
        }
        finally
        {
            lock (_gate)
            {
                _refresh = null;
            }
        }
    }
}
