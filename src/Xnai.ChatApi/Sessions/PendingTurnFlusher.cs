namespace Xnai.ChatApi.Sessions;

/// <summary>Writes turns queued during a Redis outage, in order, as soon as Redis answers again.</summary>
public sealed class PendingTurnFlusher(
    SessionStore store,
    Microsoft.Extensions.Options.IOptionsMonitor<ChatOptions> options,
    TimeProvider timeProvider,
    ILogger<PendingTurnFlusher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CurrentValue.PendingFlushInterval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            if (store.Pending.Count == 0)
            {
                continue;
            }

            var written = await store.FlushPendingAsync(stoppingToken).ConfigureAwait(false);
            if (written > 0)
            {
                logger.LogInformation("Wrote {Written} turns queued during the Redis outage; {Pending} still pending", written, store.Pending.Count);
            }
        }
    }
}
