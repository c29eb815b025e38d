using Microsoft.Extensions.Options;
using Xnai.ChatApi.Dependencies;
using Xnai.ChatApi.Sessions;
using Xnai.Contracts;
using Xnai.Resilience;
using Xnai.ServiceDefaults;

namespace Xnai.ChatApi.Chat;

/// <summary>
/// The chat flow: read the session's recent turns, ask the knowledge base with that context, store both turns.
/// Each dependency failing degrades the answer instead of failing it.
/// </summary>
public sealed class ChatService(
    RagClient rag,
    SessionStore sessions,
    CircuitBreakerRegistry breakers,
    IOptionsMonitor<ChatOptions> options,
    ChatMetrics metrics,
    TimeProvider timeProvider,
    ILogger<ChatService> logger)
{
    /// <summary>Answers <paramref name="message"/> in <paramref name="sessionId"/>'s conversation.</summary>
    public async Task<ChatResponse> AnswerAsync(string sessionId, string message, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var degraded = new List<string>(3);

        var history = await sessions.ReadAsync(sessionId, settings.HistoryTurns, cancellationToken).ConfigureAwait(false);
        if (!history.Available)
        {
            degraded.Add(XnaiDependencies.Cache.Wire);
        }

        var (answer, sources, retryAfter, semanticFallback) = await AskKnowledgeBaseAsync(BuildQuery(message, history.Turns), settings.TopK, cancellationToken).ConfigureAwait(false);
        if (retryAfter is not null)
        {
            degraded.Add(XnaiDependencies.Rag.Wire);
        }
        else if (semanticFallback)
        {
            degraded.Add(XnaiDependencies.RagSemantic);
        }

        var now = timeProvider.GetUtcNow();
        ConversationTurn[] turns =
        [
            new(Guid.NewGuid().ToString("N"), sessionId, "user", message, now, false),
            new(Guid.NewGuid().ToString("N"), sessionId, "assistant", answer, now, retryAfter is not null),
        ];
        if (!await sessions.AppendAsync(turns, cancellationToken).ConfigureAwait(false) && !degraded.Contains(XnaiDependencies.Cache.Wire))
        {
            degraded.Add(XnaiDependencies.Cache.Wire);
        }

        foreach (var dependency in degraded)
        {
            metrics.RecordFallback(dependency);
        }

        metrics.RecordAnswer(degraded.Count > 0);
        return new ChatResponse(
            sessionId,
            answer,
            sources,
            degraded.Count > 0,
            degraded,
            retryAfter is > 0 ? retryAfter : null,
            history.Turns.Count);
    }

    /// <summary>Returns the answer, or the fallback with the seconds until the next try (0 = next message).</summary>
    private async Task<(string Answer, IReadOnlyList<ChatSource> Sources, int? RetryAfter, bool SemanticFallback)> AskKnowledgeBaseAsync(
        string query, int topK, CancellationToken cancellationToken)
    {
        try
        {
            var result = await rag.QueryAsync(query, topK, cancellationToken).ConfigureAwait(false);
            return (result.Answer, [.. result.Sources.Select(s => new ChatSource(s.Title, s.Snippet, s.Score))], null, result.SemanticFallback);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var retryAfter = RetryAfterSeconds(breakers, XnaiDependencies.Rag.Breaker, ex);
            logger.LogDebug(ex, "Knowledge base unavailable; answering with the fallback");
            return (FallbackMessages.KnowledgeBase(retryAfter), [], retryAfter, false);
        }
    }

    /// <summary>
    /// Follow-up questions ("and how long does it stay open?") carry little on their own:
    /// the previous user turn is added to the query so retrieval sees the topic. The query always fits what the
    /// knowledge base accepts (<see cref="KnowledgeQueryLimits.MaxQueryLength"/>): a longer message is cut at a word
    /// boundary instead of being refused by the knowledge base and answered with a false "unavailable".
    /// </summary>
    internal static string BuildQuery(string message, IReadOnlyList<ConversationTurn> history)
    {
        var previous = history.LastOrDefault(t => t.Role == "user")?.Text;
        var query = previous is null || message.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length > 12
            ? message
            : $"{message} {previous}";
        return FitQuery(query, KnowledgeQueryLimits.MaxQueryLength);
    }

    /// <summary>
    /// <paramref name="query"/> cut to at most <paramref name="max"/> characters, at the last whitespace within the limit
    /// (or hard when one word is that long), never splitting a surrogate pair.
    /// </summary>
    internal static string FitQuery(string query, int max)
    {
        if (query.Length <= max)
        {
            return query;
        }

        var cut = query.AsSpan(0, max + 1).LastIndexOfAny(' ', '\n', '\t');
        var end = cut > 0 ? cut : max;
        if (char.IsHighSurrogate(query[end - 1]))
        {
            end--;
        }

        return query[..end].TrimEnd();
    }

    /// <summary>Seconds until the breaker lets a call through again; 0 when it is not open (the next message tries).</summary>
    internal static int RetryAfterSeconds(CircuitBreakerRegistry breakers, string breakerName, Exception? ex = null)
    {
        if (ex is CircuitBrokenException { RetryAfter: { } fromException })
        {
            return (int)Math.Ceiling(fromException.TotalSeconds);
        }

        return breakers.TryGet(breakerName, out var breaker) && breaker.GetSnapshot().RetryAfter is { } retryAfter
            ? (int)Math.Ceiling(retryAfter.TotalSeconds)
            : 0;
    }
}
