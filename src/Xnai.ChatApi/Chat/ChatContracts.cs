namespace Xnai.ChatApi.Chat;

/// <summary>A user's chat message.</summary>
public sealed record ChatRequest(string? Message, string? SessionId);

/// <summary>
/// A passage the answer came from. The answer's marker <c>[n]</c> cites the n-th source; <paramref name="Quoted"/> holds
/// the sentences it quotes from this one (null when none).
/// </summary>
public sealed record ChatSource(string Title, string Snippet, double Score, IReadOnlyList<string>? Quoted = null);

/// <summary>
/// The chat's answer; <see cref="Degraded"/> says a dependency was unavailable and a fallback answered. <see cref="Stale"/>
/// is set when the knowledge base could not answer and an earlier answer of its stands in (<c>rag_api</c> is still in
/// <see cref="DegradedServices"/> then).
/// </summary>
public sealed record ChatResponse(
    string SessionId,
    string Answer,
    IReadOnlyList<ChatSource> Sources,
    bool Degraded,
    IReadOnlyList<string> DegradedServices,
    int? RetryAfterSeconds,
    int ContextTurns,
    StaleAnswer? Stale = null);

/// <summary>
/// An earlier knowledge-base answer served while the knowledge base is unavailable: when it was given, how old it is
/// (whole seconds, rounded down) and how the question matched it (<c>exact</c> or <c>semantic</c>).
/// </summary>
public sealed record StaleAnswer(DateTimeOffset AnsweredAt, long AgeSeconds, string Match);

/// <summary>The voice chat's answer: the transcript, the chat answer, and the spoken answer as base64 WAV (null when voice is down).</summary>
public sealed record VoiceChatResponse(
    string SessionId,
    string Transcript,
    string Answer,
    IReadOnlyList<ChatSource> Sources,
    string? Audio,
    string? AudioContentType,
    bool Degraded,
    IReadOnlyList<string> DegradedServices,
    int? RetryAfterSeconds,
    string? Notice,
    StaleAnswer? Stale = null);
