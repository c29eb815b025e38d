using System.Net;

namespace Xnai.LoadTest;

/// <summary>Keeps load on this machine unless the caller explicitly allows another host.</summary>
public static class LoopbackGuard
{
    /// <summary>True for <c>localhost</c>, 127.0.0.0/8 and ::1.</summary>
    public static bool IsLoopback(Uri target)
    {
        var host = target.IdnHost.TrimEnd('.');
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }

    /// <summary>Throws when <paramref name="target"/> is not an absolute http(s) loopback URL and remote targets are not allowed.</summary>
    public static void Ensure(Uri target, bool allowRemote)
    {
        if (!target.IsAbsoluteUri || (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The target must be an absolute http(s) URL, got '{target}'.", nameof(target));
        }

        if (!allowRemote && !IsLoopback(target))
        {
            throw new ArgumentException(
                $"Refusing to load '{target.Host}': only loopback targets (localhost, 127.0.0.0/8, ::1) are allowed unless remote targets are explicitly allowed.",
                nameof(target));
        }
    }
}
