using Xnai.ChatApi.Dependencies;

namespace Xnai.ChatApi.AnswerStore;

/// <summary>
/// A good live knowledge-base answer as kept by <see cref="LastGoodAnswerStore"/>. <see cref="Query"/> is the query
/// actually sent to rag (a follow-up's context included) and <see cref="Sources"/> are rag's as received; the vector is kept apart (see <see cref="LastGoodAnswerStore"/>).
/// </summary>
public sealed record StoredAnswer(
    string Query,
    string Answer,
    IReadOnlyList<RagSource> Sources,
    string? Retrieval,
    DateTimeOffset AnsweredAt,
    string? IndexVersion);

/// <summary>An answer served from the store during an outage: the entry and how it matched.</summary>
public sealed record StaleHit(StoredAnswer Entry, MatchKind Match, TimeSpan Age);

/// <summary>How a lookup ended (the <c>outcome</c> tag of <c>xnai.answer_store.lookups</c>).</summary>
public static class LookupOutcomes
{
    public const string Exact = "exact";
    public const string Semantic = "semantic";
    public const string Miss = "miss";
    public const string TimedOut = "timed_out";
}
