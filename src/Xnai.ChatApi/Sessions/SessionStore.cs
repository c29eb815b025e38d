using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;
using StackExchange.Redis;
using Xnai.ChatApi.Dependencies;
using Xnai.Contracts;

namespace Xnai.ChatApi.Sessions;

/// <summary>What a history read returned: the turns, and the fallback when Redis did not answer (only pending turns are in it then).</summary>
public sealed record HistoryResult(IReadOnlyList<ConversationTurn> Turns, Fallback? Fallback);

/// <summary>
/// Conversation memory in Redis, behind the <c>redis</c> breaker. Writes that fail (or are refused while the breaker
/// is open) go to <see cref="PendingTurnBuffer"/> and are written later; while anything is pending, new turns queue behind
/// it. Redis keeps each session sorted by <see cref="TurnOrder"/>, so whichever replica writes first, turns read in the
/// order they were spoken. Writes are idempotent per turn id: a write whose reply was lost
/// and that is retried from the buffer is not stored twice.
/// </summary>
public sealed class SessionStore(
    IConnectionMultiplexer redis,
    ResiliencePipelineProvider<string> pipelines,
    PendingTurnBuffer pending,
    IOptionsMonitor<ChatOptions> options,
    SessionMetrics metrics,
    ILogger<SessionStore> logger)
{
    private readonly ResiliencePipeline _pipeline = pipelines.GetPipeline(XnaiDependencies.Cache.Breaker);

    // Turns that cannot be written wait in memory and are written as soon as Redis answers: the user has nothing to
    // retry, so a memory fallback carries no retry time.
    private static readonly Fallback MemoryFallback = Fallback.Of(XnaiDependencies.Cache, retryAfter: null);

    /// <summary>Turns waiting for Redis.</summary>
    public PendingTurnBuffer Pending => pending;

    /// <summary>The last <paramref name="count"/> turns of a session, including turns still pending.</summary>
    public async Task<HistoryResult> ReadAsync(string sessionId, int count, CancellationToken cancellationToken)
    {
        var queued = pending.ForSession(sessionId);
        try
        {
            var stored = await _pipeline.ExecuteAsync(
                static async (state, _) => await state.Db.ListRangeAsync(state.Key, state.Start, -1).ConfigureAwait(false),
                (Db: redis.GetDatabase(), Key: (RedisKey)ListKey(sessionId), Start: count <= 0 ? 0L : -count),
                cancellationToken).ConfigureAwait(false);

            // A turn flushed between the two reads shows in both: keep one. Turns still pending here may be older than
            // turns another replica stored meanwhile: order by the order key (stable, so equal keys keep their order).
            var turns = stored.Select(v => TurnOrder.Deserialize((string?)v)).OfType<ConversationTurn>().Concat(queued)
                .DistinctBy(t => t.Id).OrderBy(TurnOrder.Of).ToList();
            return new(count <= 0 ? turns : turns.TakeLast(count).ToList(), null);
        }
        catch (Exception ex) when (IsUnavailable(ex, cancellationToken))
        {
            logger.LogDebug(ex, "Session {SessionId} read without Redis", sessionId);
            return new(count <= 0 ? queued : queued.TakeLast(count).ToList(), MemoryFallback);
        }
    }

    /// <summary>
    /// Up to <paramref name="limit"/> turns older than the turn <paramref name="before"/> (the newest when null), oldest
    /// first, with the cursor of the next older page. The stored list is capped, so reading it whole is bounded.
    /// </summary>
    public async Task<SessionPage> ReadPageAsync(string sessionId, int limit, string? before, CancellationToken cancellationToken)
    {
        var history = await ReadAsync(sessionId, count: 0, cancellationToken).ConfigureAwait(false);
        var turns = history.Turns;
        var end = turns.Count;
        if (before is not null)
        {
            // A cursor whose turn was trimmed meanwhile has nothing older left.
            end = Math.Max(0, turns.ToList().FindIndex(t => t.Id == before));
        }

        var start = Math.Max(0, end - limit);
        var page = turns.Skip(start).Take(end - start).ToList();
        return new(page, history.Fallback is null, start > 0 ? page[0].Id : null);
    }

    /// <summary>Appends turns in order. Returns the fallback when they were queued for later instead of written now.</summary>
    public async Task<Fallback?> AppendAsync(IReadOnlyList<ConversationTurn> turns, CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            try
            {
                await WriteAsync(turns, cancellationToken).ConfigureAwait(false);
                return null;
            }
            catch (Exception ex) when (IsUnavailable(ex, cancellationToken))
            {
                logger.LogDebug(ex, "Redis unavailable; queueing {Count} turns", turns.Count);
            }
        }

        Queue(turns);
        return MemoryFallback;
    }

    /// <summary>Writes pending turns, oldest first, until none are left or Redis fails again. Returns how many were written.</summary>
    public async Task<int> FlushPendingAsync(CancellationToken cancellationToken)
    {
        var written = 0;
        while (true)
        {
            var batch = pending.PeekOldest(64);
            if (batch.Count == 0)
            {
                return written;
            }

            // Consecutive turns of one session go in one atomic script call; sessions stay in arrival order.
            var index = 0;
            while (index < batch.Count)
            {
                var run = batch.Skip(index).TakeWhile(t => t.SessionId == batch[index].SessionId).ToList();
                try
                {
                    await WriteAsync(run, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (IsUnavailable(ex, cancellationToken))
                {
                    logger.LogDebug(ex, "Redis still unavailable; {Pending} turns pending", pending.Count);
                    return written;
                }

                pending.RemoveOldest(run.Count);
                written += run.Count;
                index += run.Count;
            }
        }
    }

    private void Queue(IReadOnlyList<ConversationTurn> turns)
    {
        var refused = pending.Enqueue(turns);
        if (refused > 0)
        {
            metrics.RecordBufferOverflow(refused);
            logger.LogError("Session buffer full ({Capacity} turns, {MaxBytes} bytes): {Refused} turns could not be kept", pending.Capacity, pending.MaxBytes, refused);
        }
    }

    private Task WriteAsync(IReadOnlyList<ConversationTurn> turns, CancellationToken cancellationToken)
    {
        var sessionId = turns[0].SessionId;
        var settings = options.CurrentValue;
        var ttl = (long)settings.SessionTimeToLive.TotalSeconds;
        var args = new List<RedisValue>(2 + (turns.Count * 3)) { ttl, settings.MaxSessionTurns };
        foreach (var turn in turns)
        {
            args.Add(turn.Id);
            args.Add(TurnOrder.Of(turn));
            args.Add(TurnOrder.Serialize(turn));
        }

        return _pipeline.ExecuteAsync(
            static async (state, _) => await state.Db.ScriptEvaluateAsync(
                state.Script,
                [state.List, state.Ids],
                state.Args).ConfigureAwait(false),
            (Db: redis.GetDatabase(), Script: AppendTurnsScript.Text, List: (RedisKey)ListKey(sessionId), Ids: (RedisKey)IdsKey(sessionId), Args: args.ToArray()),
            cancellationToken).AsTask();
    }

    // Redis errors, its client's and the pipeline's timeouts and the breaker's rejections; anything else is a bug to surface.
    private static bool IsUnavailable(Exception ex, CancellationToken cancellationToken) =>
        ex is RedisException or TimeoutException or ExecutionRejectedException or OperationCanceledException
        && Outages.IsOutage(ex, cancellationToken);

    private static string ListKey(string sessionId) => $"xnai:session:{{{sessionId}}}:turns";

    private static string IdsKey(string sessionId) => $"xnai:session:{{{sessionId}}}:ids";
}
