using System.ComponentModel.DataAnnotations;
using Xnai.Contracts;

namespace Xnai.ChatApi;

/// <summary>Chat behaviour, bound from <c>Xnai:Chat</c>.</summary>
public sealed class ChatOptions
{
    public const string SectionName = "Xnai:Chat";

    /// <summary>Longest accepted message, in characters.</summary>
    [Range(1, 100_000)]
    public int MaxMessageLength { get; set; } = 4000;

    /// <summary>Passages asked of the knowledge base per question.</summary>
    [Range(1, 20)]
    public int TopK { get; set; } = 3;

    /// <summary>Earlier turns read back from the session to give a question its context.</summary>
    [Range(0, 100)]
    public int HistoryTurns { get; set; } = 6;

    /// <summary>How long an idle session is kept in Redis.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan SessionTimeToLive { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Per-attempt timeout for the knowledge base (default: <see cref="XnaiDependencies.Rag"/>'s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan RagTimeout { get; set; } = XnaiDependencies.Rag.Timeout;

    /// <summary>Per-attempt timeout for speech calls (default: <see cref="XnaiDependencies.Voice"/>'s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:02:00")]
    public TimeSpan VoiceTimeout { get; set; } = XnaiDependencies.Voice.Timeout;

    /// <summary>Per-command timeout for Redis (default: <see cref="XnaiDependencies.Cache"/>'s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:30")]
    public TimeSpan RedisTimeout { get; set; } = XnaiDependencies.Cache.Timeout;

    /// <summary>Largest voice upload, in bytes.</summary>
    [Range(1024, 50 * 1024 * 1024)]
    public int MaxAudioBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Turns held in memory while Redis is unavailable, written in order when it is back.</summary>
    [Range(1, 1_000_000)]
    public int PendingTurnCapacity { get; set; } = 10_000;

    /// <summary>How often the pending turns are retried while Redis is down.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PendingFlushInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Concurrent chat requests served (all clients together) before new ones queue.</summary>
    [Range(1, 100_000)]
    public int ConcurrencyLimit { get; set; } = 512;

    /// <summary>Requests allowed to wait for a slot (all clients together); beyond this they get 429 with Retry-After.</summary>
    [Range(0, 100_000)]
    public int QueueLimit { get; set; } = 1024;

    /// <summary>Concurrent chat requests of one client (remote address), so one client cannot take every slot.</summary>
    [Range(1, 100_000)]
    public int PerClientConcurrencyLimit { get; set; } = 64;

    /// <summary>Requests of one client allowed to wait for one of its slots.</summary>
    [Range(0, 100_000)]
    public int PerClientQueueLimit { get; set; } = 64;

    /// <summary>Largest <c>/api/chat</c> body, in bytes; larger bodies get 413 while they stream in.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxChatBodyBytes { get; set; } = 32 * 1024;

    /// <summary>Turns kept per session in Redis: older turns are trimmed by the same script that appends.</summary>
    [Range(2, 100_000)]
    public int MaxSessionTurns { get; set; } = 200;

    /// <summary>Most turns one <c>GET /api/sessions/{id}</c> page returns (and the default page size).</summary>
    [Range(1, 100_000)]
    public int MaxSessionPageSize { get; set; } = 200;

    /// <summary>Bytes of turn text held in memory while Redis is unavailable (besides <see cref="PendingTurnCapacity"/>).</summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long PendingTurnMaxBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>The configured timeout of one call to <paramref name="dependency"/>.</summary>
    public TimeSpan TimeoutOf(XnaiDependency dependency) =>
        dependency == XnaiDependencies.Rag ? RagTimeout
        : dependency == XnaiDependencies.Voice ? VoiceTimeout
        : dependency == XnaiDependencies.Cache ? RedisTimeout
        : throw new ArgumentOutOfRangeException(nameof(dependency), dependency, "Not a chatapi dependency.");
}
