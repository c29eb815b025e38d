namespace Xnai.ChatApi.Chat;

/// <summary>A user's chat message.</summary>
public sealed record ChatRequest(string? Message, string? SessionId);

/// <summary>A passage the answer came from.</summary>
public sealed record ChatSource(string Title, string Snippet, double Score);

/// <summary>The chat's answer; <see cref="Degraded"/> says a dependency was unavailable and a fallback answered.</summary>
public sealed record ChatResponse(
    string SessionId,
    string Answer,
    IReadOnlyList<ChatSource> Sources,
    bool Degraded,
    IReadOnlyList<string> DegradedServices,
    int? RetryAfterSeconds,
    int ContextTurns);

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
    string? Notice);

/// <summary>Names used in <c>degradedServices</c> and <c>/health</c>'s <c>services</c>.</summary>
public static class DependencyNames
{
    public const string Rag = "rag_api";

    /// <summary>rag answered, but with keyword search only: its semantic tier fell back.</summary>
    public const string RagSemantic = "rag_semantic";
    public const string SessionStore = "session_store";
    public const string Voice = "voice_processing";
}

/// <summary>Names of the circuit breakers (the seed's).</summary>
public static class BreakerNames
{
    public const string Rag = "rag_api";
    public const string Redis = "redis";
    public const string Voice = "voice_processing";

    public static readonly string[] All = [Rag, Redis, Voice];
}
