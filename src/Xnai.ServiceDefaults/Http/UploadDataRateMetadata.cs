namespace Xnai.ServiceDefaults.Http;

/// <summary>
/// Marks a route that takes an upload (audio): its body must arrive at <see cref="HttpLimitsOptions.MinUploadBytesPerSecond"/>
/// or faster, well above the service-wide minimum that small JSON bodies need.
/// </summary>
public sealed class UploadDataRateMetadata
{
    /// <summary>The one instance routes carry.</summary>
    public static readonly UploadDataRateMetadata Instance = new();

    private UploadDataRateMetadata()
    {
    }
}
