namespace Xnai.LoadTest;

/// <summary>One sequential user: its session, what it sent, and its own random source for the voice share.</summary>
internal sealed class VirtualUser(int index)
{
    private readonly Dictionary<string, List<string>> _sessions = new(StringComparer.Ordinal);

    public int Index { get; } = index;

    /// <summary>Seeded by the user's index so a run's voice/text mix is reproducible.</summary>
    public Random Random { get; } = new(index);

    /// <summary>The session issued by the first answer; null until then.</summary>
    public string? SessionId { get; set; }

    /// <summary>How many requests this user has started.</summary>
    public int Sent { get; set; }

    public IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> Sessions =>
        _sessions.Select(s => KeyValuePair.Create(s.Key, (IReadOnlyList<string>)s.Value));

    /// <summary>Remembers a message that got a 200 in <paramref name="sessionId"/>, in send order.</summary>
    public void Answered(string sessionId, string message)
    {
        SessionId ??= sessionId;
        if (!_sessions.TryGetValue(sessionId, out var messages))
        {
            _sessions[sessionId] = messages = [];
        }

        messages.Add(message);
    }
}
