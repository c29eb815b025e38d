namespace Xnai.ChatApi.Dependencies;

/// <summary>The one rule for telling a dependency's outage from the caller giving up.</summary>
public static class Outages
{
    /// <summary>
    /// A failed call is an outage unless the caller's own token was cancelled: a cancellation the caller did not ask for
    /// is a timeout or a dropped connection, so it degrades the answer; the caller's is passed on (the request is gone).
    /// </summary>
    public static bool IsOutage(Exception exception, CancellationToken callerToken) =>
        exception is not OperationCanceledException || !callerToken.IsCancellationRequested;
}
