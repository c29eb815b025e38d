using Microsoft.Extensions.Options;
using System.ComponentModel.DataAnnotations;

namespace Xnai.ServiceDefaults.Health;

/// <summary>How fresh <c>/health</c> answers are, bound from <c>Xnai:Health</c>.</summary>
public sealed class HealthCacheOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Xnai:Health";

    /// <summary>Probe results are reused for this long; at most one probe round per interval, whatever the request rate.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>The data annotations of <see cref="HealthCacheOptions"/>, checked by generated code (no reflection at start).</summary>
[OptionsValidator]
internal sealed partial class HealthCacheOptionsAnnotations : IValidateOptions<HealthCacheOptions>;
