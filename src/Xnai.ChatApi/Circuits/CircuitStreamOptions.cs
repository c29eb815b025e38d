using Microsoft.Extensions.Options;
using System.ComponentModel.DataAnnotations;

namespace Xnai.ChatApi.Circuits;

/// <summary>Bounds of the <c>/api/circuits/stream</c> Server-Sent Events stream, bound from <c>Xnai:CircuitStream</c>.</summary>
public sealed class CircuitStreamOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Xnai:CircuitStream";

    /// <summary>Streams open at once; one more gets 503 with Retry-After.</summary>
    [Range(1, 10_000)]
    public int MaxSubscribers { get; set; } = 100;

    /// <summary>A comment line is sent this often when nothing happened, so proxies keep the stream and dead clients are noticed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A stream ends after this long; the client reconnects (after <see cref="ReconnectDelay"/>) and gets fresh states.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Sent as the stream's <c>retry:</c> field: how long the browser waits before reconnecting.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Seconds in the Retry-After of a 503 when every slot is taken.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 5;
}

/// <summary>The data annotations of <see cref="CircuitStreamOptions"/>, checked by generated code (no reflection at start).</summary>
[OptionsValidator]
internal sealed partial class CircuitStreamOptionsAnnotations : IValidateOptions<CircuitStreamOptions>;
