namespace Xnai.ChatApi.AnswerStore;

/// <summary>Writes the live answers <see cref="LastGoodAnswerStore.Remember"/> queued, one at a time, off the request path.</summary>
public sealed class AnswerStoreWriter(LastGoodAnswerStore store, ILogger<AnswerStoreWriter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var entry in store.PendingWrites.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await store.WriteAsync(entry, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "An answer was not stored");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
