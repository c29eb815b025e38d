namespace Xnai.LoadTest;

/// <summary>What a load run sends, to where, and for how long.</summary>
public sealed record LoadOptions
{
    /// <summary>The chatapi base address (for example <c>http://localhost:5101</c>).</summary>
    public required Uri Target { get; init; }

    /// <summary>Concurrent virtual users; each sends one request at a time and keeps its own session.</summary>
    public int Users { get; init; } = 50;

    /// <summary>Total request budget across all users; null runs until <see cref="Duration"/>.</summary>
    public int? Requests { get; init; }

    /// <summary>Hard upper bound on the run, always applied (in-flight requests may add up to <see cref="RequestTimeout"/>).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Per-request timeout; a request that takes longer counts as failed and as a timeout.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Allows a target that is not loopback (localhost, 127.0.0.0/8, ::1).</summary>
    public bool AllowRemote { get; init; }

    /// <summary>A WAV recording; when set, <see cref="VoiceShare"/> of the requests go to <c>/api/chat/voice</c>.</summary>
    public ReadOnlyMemory<byte>? VoiceWav { get; init; }

    /// <summary>
    /// The words spoken in <see cref="VoiceWav"/>, also sent as the typed <c>message</c> so voice chat can answer in text
    /// when speech recognition is down; null sends the recording alone.
    /// </summary>
    public string? VoiceMessage { get; init; }

    /// <summary>Share of requests sent as voice chat when <see cref="VoiceWav"/> is set (0 to 1).</summary>
    public double VoiceShare { get; init; } = 0.2;

    /// <summary>The message user <c>u</c> sends as its <c>n</c>-th request (both zero-based); default cycles product questions.</summary>
    public Func<int, int, string>? Message { get; init; }

    /// <summary>Pause between a user's response and its next request.</summary>
    public TimeSpan ThinkTime { get; init; } = TimeSpan.Zero;
}
