using Microsoft.Extensions.Options;
using System.ComponentModel.DataAnnotations;

namespace Xnai.ServiceDefaults.Security;

/// <summary>How many wrong admin keys a client may present, bound from <c>Xnai:AdminKeyThrottle</c>.</summary>
public sealed class AdminKeyThrottleOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Xnai:AdminKeyThrottle";

    /// <summary>Failed attempts one client (remote address) may make per <see cref="Window"/>; past it every call is 429.</summary>
    [Range(1, 10_000)]
    public int FailedAttemptsPerWindow { get; set; } = 10;

    /// <summary>The window the failed attempts are counted in.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>The data annotations of <see cref="AdminKeyThrottleOptions"/>, checked by generated code (no reflection at start).</summary>
[OptionsValidator]
internal sealed partial class AdminKeyThrottleOptionsAnnotations : IValidateOptions<AdminKeyThrottleOptions>;
