using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
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

    /// <summary>
    /// Per-call timeout of a dependency, by its resource name (<c>Xnai:Chat:Timeouts:rag</c>, <c>:cache</c>,
    /// <c>:voice</c>); a dependency not listed gets its default from the dependency table (<see cref="XnaiDependency.Timeout"/>).
    /// Each is between <see cref="MinTimeout"/> and <see cref="MaxTimeout"/>.
    /// </summary>
    public Dictionary<string, TimeSpan> Timeouts { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Shortest configurable dependency timeout.</summary>
    public static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(50);

    /// <summary>Longest configurable dependency timeout.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(2);

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

    /// <summary>The configured timeout of one call to <paramref name="dependency"/>, else the dependency table's.</summary>
    public TimeSpan TimeoutOf(XnaiDependency dependency)
    {
        ArgumentNullException.ThrowIfNull(dependency);
        return Timeouts.TryGetValue(dependency.Resource, out var timeout) ? timeout : dependency.Timeout;
    }
}

/// <summary>The data annotations of <see cref="ChatOptions"/>, checked by generated code (no reflection at start).</summary>
[OptionsValidator]
internal sealed partial class ChatOptionsAnnotations : IValidateOptions<ChatOptions>;

/// <summary>
/// What no single annotation says: a message of the longest accepted length fits in the largest accepted body even
/// with every character JSON-escaped (<c>\uXXXX</c>, six bytes, as System.Text.Json writes non-ASCII by default), and
/// every configured timeout names a dependency of the table and is in range. Messages name the configuration key.
/// </summary>
internal sealed class ChatOptionsRules : IValidateOptions<ChatOptions>
{
    /// <summary>Bytes of a chat body besides the message: the JSON around it and a session id.</summary>
    internal const int BodyOverheadBytes = 1024;

    public ValidateOptionsResult Validate(string? name, ChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var needed = (6L * options.MaxMessageLength) + BodyOverheadBytes;
        if (options.MaxChatBodyBytes < needed)
        {
            failures.Add($"{ChatOptions.SectionName}:MaxChatBodyBytes ({options.MaxChatBodyBytes}) cannot hold a message of {ChatOptions.SectionName}:MaxMessageLength ({options.MaxMessageLength}) characters: a JSON-escaped message of that length needs {needed} bytes. Raise MaxChatBodyBytes or lower MaxMessageLength.");
        }

        foreach (var (resource, timeout) in options.Timeouts)
        {
            if (!XnaiDependencies.All.Any(d => string.Equals(d.Resource, resource, StringComparison.OrdinalIgnoreCase)))
            {
                failures.Add($"{ChatOptions.SectionName}:Timeouts:{resource} names no dependency; use one of {string.Join(", ", XnaiDependencies.All.Select(d => d.Resource))}.");
            }
            else if (timeout < ChatOptions.MinTimeout || timeout > ChatOptions.MaxTimeout)
            {
                failures.Add($"{ChatOptions.SectionName}:Timeouts:{resource} must be between {ChatOptions.MinTimeout} and {ChatOptions.MaxTimeout}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
