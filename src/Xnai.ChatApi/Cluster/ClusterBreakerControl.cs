using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Xnai.ChatApi.Health;
using Xnai.Resilience;

namespace Xnai.ChatApi.Cluster;

/// <summary>
/// Manual breaker states (isolate, disable, reset) are cluster state: an action is stored in Redis with a cluster-wide
/// version, published to every replica, and applied by each; a replica that starts later or reconnects applies the stored
/// states (see <see cref="ClusterBreakerSync"/>). Automatic trips stay local: a breaker reflects what this replica sees.
/// Redis is used directly, not through the <c>redis</c> breaker: an operator may have isolated that one.
/// </summary>
public sealed class ClusterBreakerControl(
    IConnectionMultiplexer redis,
    CircuitBreakerRegistry breakers,
    ReplicaIdentity replica,
    IOptionsMonitor<ClusterOptions> options,
    TimeProvider timeProvider,
    ILogger<ClusterBreakerControl> logger)
{
    /// <summary>The operator actions, by their route name.</summary>
    public static readonly IReadOnlyList<string> Actions = ["isolate", "reset", "disable"];

    // Version, store and publish in one script: no replica sees an action the hash does not hold, nor the reverse.
    // It also counts the replicas live in the cluster view (published a snapshot within its time to live): one whose
    // subscription is reconnecting (after a Redis restart, say) is not subscribed, yet it is part of the cluster and
    // applies the stored action when it is back, so the answer must not say "1 of 1" for a cluster of two.
    private const string PublishScript =
        """
        local version = redis.call('INCR', KEYS[2])
        local entry = version .. '|' .. ARGV[2]
        redis.call('HSET', KEYS[1], ARGV[1], entry)
        local subscribed = redis.call('PUBLISH', ARGV[3], entry)
        return {version, subscribed, redis.call('ZCOUNT', KEYS[3], ARGV[4], '+inf')}
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _applied = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, AckWaiter> _waiters = new(StringComparer.Ordinal);

    /// <summary>Applies <paramref name="action"/> here, then to every replica; the answer says how many acknowledged.</summary>
    public async Task<CircuitControlResponse> ApplyAsync(CircuitBreaker breaker, string action, CancellationToken cancellationToken)
    {
        var command = new ManualCommand(Guid.NewGuid().ToString("N"), breaker.Name, action, replica.Id, timeProvider.GetUtcNow());
        var waiter = _waiters[command.Id] = new AckWaiter();
        try
        {
            var liveSince = (timeProvider.GetUtcNow() - options.CurrentValue.SnapshotTimeToLive).ToUnixTimeMilliseconds();
            var reply = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(
                PublishScript,
                [ClusterKeys.ManualStates, ClusterKeys.ManualVersion, ClusterKeys.Replicas],
                [breaker.Name, JsonSerializer.Serialize(command, Json), ClusterKeys.Commands.ToString(), liveSince]).WaitAsync(cancellationToken).ConfigureAwait(false))!;
            var version = (long)reply[0];
            var replicas = Math.Max((int)reply[1], (int)reply[2]);
            Apply(version, command);

            var acknowledged = await waiter.WaitAsync(replicas, options.CurrentValue.AckTimeout, timeProvider, cancellationToken).ConfigureAwait(false);
            var text = acknowledged >= replicas
                ? $"applied on {acknowledged} of {replicas} replicas"
                : $"applied on {acknowledged} of {replicas} replicas within {options.CurrentValue.AckTimeout.TotalSeconds:0.#} s; the others apply it when they receive it or reconnect";
            return Response(breaker, action, true, replicas, acknowledged, text);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The operator's intent still holds here; the other replicas pick up the next action that reaches Redis.
            logger.LogWarning("Circuit {Circuit} {Action}: Redis unreachable ({Error}); applied on this replica only", breaker.Name, action, ex.GetType().Name);
            Run(breaker, action);
            return Response(breaker, action, false, 1, 1, "cluster could not be reached (Redis unavailable): applied on this replica only");
        }
        finally
        {
            _waiters.TryRemove(command.Id, out _);
        }
    }

    /// <summary>Applies a stored or published action unless this replica already applied it or a later one.</summary>
    internal bool Apply(long version, ManualCommand command)
    {
        if (!breakers.TryGet(command.Circuit, out var breaker) || !Actions.Contains(command.Action))
        {
            return false;
        }

        lock (_gate)
        {
            if (_applied.TryGetValue(breaker.Name, out var seen) && seen >= version)
            {
                return false;
            }

            _applied[breaker.Name] = version;
            Run(breaker, command.Action);
        }

        if (command.From != replica.Id)
        {
            logger.LogInformation("Circuit {Circuit}: {Action} from replica {From} applied (version {Version})", breaker.Name, command.Action, command.From, version);
        }

        return true;
    }

    /// <summary>Parses <c>{version}|{command json}</c> (a published message or a stored hash value).</summary>
    internal static (long Version, ManualCommand Command)? Parse(string? entry)
    {
        var separator = entry?.IndexOf('|', StringComparison.Ordinal) ?? -1;
        if (separator <= 0 || !long.TryParse(entry.AsSpan(0, separator), out var version))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ManualCommand>(entry.AsSpan(separator + 1), Json) is { } command ? (version, command) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Records an acknowledgement <c>{command id}|{replica}</c> for an action this replica is waiting on.</summary>
    internal void Acknowledged(string? ack)
    {
        var parts = ack?.Split('|', 2);
        if (parts is { Length: 2 } && _waiters.TryGetValue(parts[0], out var waiter))
        {
            waiter.Add(parts[1]);
        }
    }

    private static void Run(CircuitBreaker breaker, string action)
    {
        switch (action)
        {
            case "isolate": breaker.Isolate(); break;
            case "disable": breaker.Disable(); break;
            default: breaker.Reset(); break;
        }
    }

    private CircuitControlResponse Response(CircuitBreaker breaker, string action, bool reached, int replicas, int acknowledged, string text)
    {
        var health = BreakerHealth.From(breaker.GetSnapshot());
        return new(breaker.Name, action, health.State, replica.Id, reached, replicas, acknowledged, text, health);
    }
}
