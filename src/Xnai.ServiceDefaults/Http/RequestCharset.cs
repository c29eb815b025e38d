using Microsoft.Net.Http.Headers;

namespace Xnai.ServiceDefaults.Http;

/// <summary>
/// The charsets the services read: UTF-8 only (JSON between systems is UTF-8, RFC 8259 §8.1). A body declared in any
/// other charset is refused with 415 at the door, before a reader tries (and, for charsets such as UTF-7 that .NET
/// no longer decodes, fails with a 500).
/// </summary>
public static class RequestCharset
{
    /// <summary>True when <paramref name="contentType"/> declares no charset, or UTF-8; false for any other or an unreadable header.</summary>
    public static bool IsReadable(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return true;
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }

        var charset = HeaderUtilities.RemoveQuotes(media.Charset);
        return charset.Length == 0
            || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);
    }
}
