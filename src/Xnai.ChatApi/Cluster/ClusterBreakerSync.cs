using System.Threading.Channels;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Xnai.ChatApi.Cluster;

/// <summary>
/// Keeps this replica's manual breaker states in step with the cluster: subscribes to operator actions (and acknowledges
/// each), and applies the stored states at start and after every reconnect, so a replica that started later or missed
/// messages while disconnected catches up. Until Redis answers it retries; the local breakers work meanwhile.
/// </summary>
public sealed class ClusterBreakerSync(
    IConnectionMultiplexer redis,
    ClusterBreakerControl control,
    ReplicaIdentity replica,
    IOptionsMonitor<ClusterOptions> options,
    TimeProvider timeProvider,
    ILogger<ClusterBreakerSync> logger) : BackgroundService
{
    private readonly Channel<bool> _resync = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        redis.ConnectionRestored += OnConnectionRestored;
        try
        {
            await SubscribeAsync(stoppingToken).ConfigureAwait(false);
            while (!stoppingToken.IsCancellationRequested)
            {
                if (await TrySyncAsync().ConfigureAwait(false))
                {
                    await _resync.Reader.ReadAsync(stoppingToken).ConfigureAwait(false);
                }
                else
                {
                    await Task.Delay(options.CurrentValue.ResubscribeInterval, timeProvider, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            redis.ConnectionRestored -= OnConnectionRestored;
        }
    }

    // A subscription, once made, is restored by the client after a reconnect; making it needs Redis once.
    private async Task SubscribeAsync(CancellationToken stoppingToken)
    {
        var subscriber = redis.GetSubscriber();
        while (true)
        {
            try
            {
                await subscriber.SubscribeAsync(ClusterKeys.Acks, (_, message) => control.Acknowledged(message)).ConfigureAwait(false);
                var commands = await subscriber.SubscribeAsync(ClusterKeys.Commands).ConfigureAwait(false);
                commands.OnMessage(message => OnCommandAsync(subscriber, message.Message));
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogDebug(ex, "Cluster channels not subscribed yet; retrying");
                await Task.Delay(options.CurrentValue.ResubscribeInterval, timeProvider, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task OnCommandAsync(ISubscriber subscriber, RedisValue message)
    {
        if (ClusterBreakerControl.Parse(message) is not { } entry)
        {
            return;
        }

        control.Apply(entry.Version, entry.Command);
        try
        {
            await subscriber.PublishAsync(ClusterKeys.Acks, $"{entry.Command.Id}|{replica.Id}").ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogDebug(ex, "Acknowledgement of {Command} not sent", entry.Command.Id);
        }
    }

    private async Task<bool> TrySyncAsync()
    {
        try
        {
            var applied = 0;
            foreach (var field in await redis.GetDatabase().HashGetAllAsync(ClusterKeys.ManualStates).ConfigureAwait(false))
            {
                if (ClusterBreakerControl.Parse(field.Value) is { } entry && control.Apply(entry.Version, entry.Command))
                {
                    applied++;
                }
            }

            if (applied > 0)
            {
                logger.LogInformation("Applied {Count} manual breaker state(s) stored in the cluster", applied);
            }

            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogDebug(ex, "Manual breaker states not read yet; retrying");
            return false;
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) => _resync.Writer.TryWrite(true);
}
