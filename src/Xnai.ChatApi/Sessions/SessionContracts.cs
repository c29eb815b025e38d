using System.Text.RegularExpressions;

namespace Xnai.ChatApi.Sessions;

/// <summary>One turn of a conversation.</summary>
public sealed record ConversationTurn(string Id, string SessionId, string Role, string Text, DateTimeOffset At, bool Degraded);

/// <summary>The stored turns of a session; <see cref="Degraded"/> when Redis could not be read and only pending turns are shown.</summary>
public sealed record SessionResponse(string SessionId, IReadOnlyList<ConversationTurn> Turns, int PendingTurns, bool Degraded);

/// <summary>Session ids are opaque tokens we issue (32 hex chars); clients may bring their own within these bounds.</summary>
public static partial class SessionIds
{
    public static string New() => Guid.NewGuid().ToString("N");

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9_-]{8,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
