using Xnai.ChatApi.Dependencies;

namespace Xnai.ChatApi.Chat;

/// <summary>An answer and the fallbacks that shaped it, in the order they happened; <see cref="Stale"/> when an earlier answer stood in for rag's.</summary>
public sealed record ChatAnswer(
    string SessionId,
    string Text,
    IReadOnlyList<ChatSource> Sources,
    int ContextTurns,
    IReadOnlyList<Fallback> Fallbacks,
    StaleAnswer? Stale = null)
{
    /// <summary>The answer on the wire.</summary>
    public ChatResponse ToResponse() =>
        new(SessionId, Text, Sources, Fallbacks.Count > 0, Fallbacks.Services(), Fallbacks.RetryAfterSeconds(), ContextTurns, Stale);
}
