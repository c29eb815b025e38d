using System.Text.RegularExpressions;

namespace Xnai.ChatApi.Chat;

/// <summary>The knowledge base's citation markers (<c>[1]</c> after a sentence), which the page links and speech leaves out.</summary>
public static partial class Citations
{
    /// <summary><paramref name="answer"/> without its citation markers.</summary>
    public static string Strip(string answer) => Marker().Replace(answer, string.Empty);

    [GeneratedRegex(@"\s?\[\d{1,2}\]", RegexOptions.CultureInvariant)]
    private static partial Regex Marker();
}
