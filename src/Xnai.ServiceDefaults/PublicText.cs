using System.Text.RegularExpressions;

namespace Xnai.ServiceDefaults;

/// <summary>
/// Makes internal text fit for a public answer: URLs, host:port pairs, IP addresses and filesystem paths are replaced,
/// control characters dropped, and the length capped. The full text belongs in the logs.
/// </summary>
public static partial class PublicText
{
    /// <summary>Longest reason shown publicly.</summary>
    public const int MaxLength = 160;

    /// <summary>Returns <paramref name="text"/> without internal addresses, paths or control characters, at most <see cref="MaxLength"/> characters.</summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var redacted = Address().Replace(text, "[address]");
        redacted = FilePath().Replace(redacted, "[path]");
        redacted = string.Concat(redacted.Where(c => !char.IsControl(c)));
        return redacted.Length <= MaxLength ? redacted : string.Concat(redacted.AsSpan(0, MaxLength - 1), "…");
    }

    /// <summary>Removes control characters (newlines, escapes) from text that is echoed back to a client.</summary>
    public static string WithoutControlCharacters(string text) =>
        text.Any(char.IsControl) ? string.Concat(text.Where(c => !char.IsControl(c))) : text;

    // scheme://anything, [v6]:port, a.b.c.d(:port), name:port.
    [GeneratedRegex(@"[a-zA-Z][a-zA-Z0-9+.-]*://\S+|\[[0-9a-fA-F:.]+\](:\d+)?|\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b|\b[A-Za-z0-9][A-Za-z0-9.-]*:\d{2,5}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Address();

    // Absolute Unix paths of two or more segments, and Windows drive paths.
    [GeneratedRegex(@"(?<![\w.])(/[\w.@+-]+){2,}/?|\b[A-Za-z]:\\[^\s'""]+", RegexOptions.CultureInvariant)]
    private static partial Regex FilePath();
}
