using Microsoft.Extensions.Options;
using System.ComponentModel.DataAnnotations;

namespace Xnai.ServiceDefaults.Http;

/// <summary>Limits every Xnai service applies to every request, bound from <c>Xnai:Http</c> and validated at start.</summary>
public sealed class HttpLimitsOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Xnai:Http";

    /// <summary>
    /// Slowest request body accepted, in bytes per second, after <see cref="MinRequestBodyDataRateGracePeriod"/>:
    /// a real upload over loopback or a LAN is thousands of times faster; a trickle is cut with 408.
    /// </summary>
    [Range(1, 1_000_000)]
    public double MinRequestBodyBytesPerSecond { get; set; } = 240;

    /// <summary>How long a body may be slower than the minimum rate before the connection is cut (Kestrel needs more than 1 s).</summary>
    [Range(typeof(TimeSpan), "00:00:01.100", "00:05:00")]
    public TimeSpan MinRequestBodyDataRateGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Slowest upload accepted on the routes that take audio, in bytes per second, after
    /// <see cref="MinUploadDataRateGracePeriod"/>. A microphone recording is sent after it ends, at network speed (a
    /// slow mobile uplink is tens of KB/s); a 4 MB body trickling at 300 B/s would hold a slot for hours. Cut with 408.
    /// </summary>
    [Range(1, 100_000_000)]
    public double MinUploadBytesPerSecond { get; set; } = 8 * 1024;

    /// <summary>How long an upload may be slower than <see cref="MinUploadBytesPerSecond"/> before it is cut (Kestrel needs more than 1 s).</summary>
    [Range(typeof(TimeSpan), "00:00:01.100", "00:05:00")]
    public TimeSpan MinUploadDataRateGracePeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Deadline of every request (routes may set their own): a request still running then is answered 408.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest request body of a route that declares none (routes that take uploads declare their own).</summary>
    [Range(1_024, 100 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Requests a service works on at once on its rate-limited routes (rag's query, voice's speech endpoints).</summary>
    [Range(1, 100_000)]
    public int ConcurrencyLimit { get; set; } = 64;

    /// <summary>Requests allowed to wait for a slot (bounded in time by the request deadline); beyond this 429.</summary>
    [Range(0, 100_000)]
    public int QueueLimit { get; set; } = 128;
}

/// <summary>The data annotations of <see cref="HttpLimitsOptions"/>, checked by generated code (no reflection at start).</summary>
[OptionsValidator]
internal sealed partial class HttpLimitsOptionsAnnotations : IValidateOptions<HttpLimitsOptions>;
