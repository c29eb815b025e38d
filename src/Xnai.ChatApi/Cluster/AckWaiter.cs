namespace Xnai.ChatApi.Cluster;

/// <summary>Counts the distinct replicas that acknowledged one operator action, until enough did or time ran out.</summary>
internal sealed class AckWaiter
{
    private readonly HashSet<string> _replicas = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _enough = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _expected = int.MaxValue;

    public void Add(string replica)
    {
        lock (_gate)
        {
            if (_replicas.Add(replica) && _replicas.Count >= _expected)
            {
                _enough.TrySetResult();
            }
        }
    }

    /// <summary>Waits until <paramref name="expected"/> replicas acknowledged or <paramref name="timeout"/> passed; returns how many did.</summary>
    public async Task<int> WaitAsync(int expected, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        Task enough;
        lock (_gate)
        {
            _expected = expected;
            if (_replicas.Count >= expected)
            {
                _enough.TrySetResult();
            }

            enough = _enough.Task;
        }

        try
        {
            await enough.WaitAsync(timeout, timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        lock (_gate)
        {
            return _replicas.Count;
        }
    }
}
