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
