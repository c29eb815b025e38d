using System.Text.RegularExpressions;

namespace Xnai.ChatApi.Sessions;

/// <summary>One turn of a conversation.</summary>
public sealed record ConversationTurn(string Id, string SessionId, string Role, string Text, DateTimeOffset At, bool Degraded);

/// <summary>
/// A page of a session's turns, oldest first; <see cref="Degraded"/> when Redis could not be read and only pending turns are
/// shown. <see cref="Before"/> is the cursor of the next older page (pass it as <c>?before=</c>), null on the oldest page.
/// </summary>
public sealed record SessionResponse(string SessionId, IReadOnlyList<ConversationTurn> Turns, int PendingTurns, bool Degraded, string? Before = null);

/// <summary>One page of a session's turns, oldest first; <see cref="Before"/> is the cursor of the next older page.</summary>
public sealed record SessionPage(IReadOnlyList<ConversationTurn> Turns, bool Available, string? Before);

/// <summary>Session ids are opaque tokens we issue (32 hex chars); clients may bring their own within these bounds.</summary>
public static partial class SessionIds
{
    public static string New() => Guid.NewGuid().ToString("N");

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    // \A and \z, not ^ and $: "$" also matches before a trailing newline, which would let "id\n" through.
    [GeneratedRegex(@"\A[A-Za-z0-9_-]{8,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
