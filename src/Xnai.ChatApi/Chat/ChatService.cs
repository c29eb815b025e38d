using Microsoft.Extensions.Options;
using Xnai.ChatApi.AnswerStore;
using Xnai.ChatApi.Dependencies;
using Xnai.ChatApi.Sessions;
using Xnai.ChatApi.Telemetry;
using Xnai.Contracts;
using Xnai.ServiceDefaults;

namespace Xnai.ChatApi.Chat;

/// <summary>
/// The chat flow: read the session's recent turns, ask the knowledge base with that context, store both turns.
/// A dependency that fails adds its <see cref="Fallback"/> to the answer instead of failing it. When the knowledge base
/// cannot answer, an earlier answer of its to the same question (<see cref="LastGoodAnswerStore"/>) stands in, labelled
/// with its age; only when there is none does the apology answer.
/// </summary>
public sealed class ChatService(
    RagClient rag,
    LastGoodAnswerStore answers,
    SessionStore sessions,
    IOptionsMonitor<ChatOptions> options,
    ChatMetrics metrics,
    TimeProvider timeProvider)
{
    /// <summary>Answers <paramref name="message"/> (already cleaned, see <see cref="CleanMessage"/>) in <paramref name="sessionId"/>'s conversation.</summary>
    public async Task<ChatAnswer> AnswerAsync(string sessionId, string message, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var fallbacks = new List<Fallback>(3);

        var history = await sessions.ReadAsync(sessionId, settings.HistoryTurns, cancellationToken).ConfigureAwait(false);
        fallbacks.AddIfAny(history.Fallback);

        var query = BuildQuery(message, history.Turns);
        var knowledge = await rag.AskAsync(query, settings.TopK, cancellationToken).ConfigureAwait(false);
        fallbacks.AddIfAny(knowledge.Fallback);
        StaleHit? stale = null;
        if (knowledge.Value is { } live)
        {
            answers.Remember(query, live);
        }
        else
        {
            // Never instead of a live answer: the store is read only when rag could not answer.
            stale = await answers.LookupAsync(query, cancellationToken).ConfigureAwait(false);
        }

        var answer = knowledge.Value?.Answer ?? stale?.Entry.Answer ?? FallbackMessages.KnowledgeBase(knowledge.Fallback!.RetryAfterSeconds);

        var now = timeProvider.GetUtcNow();
        ConversationTurn[] turns =
        [
            new(Guid.NewGuid().ToString("N"), sessionId, "user", message, now, false),
            new(Guid.NewGuid().ToString("N"), sessionId, "assistant", answer, now, knowledge.Value is null),
        ];
        fallbacks.AddIfAny(await sessions.AppendAsync(turns, cancellationToken).ConfigureAwait(false));

        foreach (var service in fallbacks.Services())
        {
            metrics.RecordFallback(service);
        }

        metrics.RecordAnswer(fallbacks.Count > 0);
        if (stale is not null)
        {
            return new ChatAnswer(sessionId, answer, ToChatSources(stale.Entry.Sources), history.Turns.Count, fallbacks, new StaleAnswer(
                stale.Entry.AnsweredAt,
                (long)Math.Floor(stale.Age.TotalSeconds),
                stale.Match == MatchKind.Exact ? LookupOutcomes.Exact : LookupOutcomes.Semantic));
        }

        return new ChatAnswer(sessionId, answer, ToChatSources(knowledge.Value?.Sources ?? []), history.Turns.Count, fallbacks);
    }

    private static List<ChatSource> ToChatSources(IReadOnlyList<RagSource> sources) =>
        sources.Select(s => new ChatSource(s.Title, s.Snippet, s.Score, s.Quoted)).ToList();

    /// <summary>Trims the message and turns control characters (NUL, escapes) into spaces; line breaks and tabs stay.</summary>
    internal static string CleanMessage(string message) =>
        string.Create(message.Length, message, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) && source[i] is not ('\n' or '\t') ? ' ' : source[i];
            }
        }).Trim();

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
}
