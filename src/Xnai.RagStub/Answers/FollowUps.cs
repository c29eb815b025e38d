using System.Text.RegularExpressions;

namespace Xnai.RagStub.Answers;

/// <summary>
/// A follow-up that swaps the subject: chatapi sends a short follow-up with the previous user turn after it ("and the
/// rag one? Which setting changes how many failures in a row open the voice breaker?"). Ranked as sent, the previous
/// turn's subject ("voice") outweighs the one the user now asks about, and the answer comes from the old subject's
/// documents. Rewritten, the question is the previous one about the new subject ("and the rag one? Which setting changes
/// how many failures in a row open the knowledge base breaker?").
/// </summary>
internal static partial class FollowUps
{
    /// <summary>Words a lead of this many or fewer can have to count as a follow-up ("what about the redis one?").</summary>
    public const int MaxLeadWords = 6;

    /// <summary>
    /// The previous question asked about the follow-up's subject when <paramref name="query"/> is a short lead naming one
    /// subject (up to its first question mark, opening as follow-ups do: "and", "what about", "how about", "same for")
    /// followed by a question that names others and not that one; otherwise
    /// <paramref name="query"/> unchanged.
    /// </summary>
    public static string Rewrite(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var end = query.IndexOf('?', StringComparison.Ordinal);
        if (end <= 0 || end == query.Length - 1)
        {
            return query;
        }

        var (lead, rest) = (query[..(end + 1)], query[(end + 1)..].Trim());
        if (rest.Length == 0 || lead.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length > MaxLeadWords || !Lead().IsMatch(lead)
            || Subjects.Of(lead) is not { } subject)
        {
            return query;
        }

        var named = Subjects.Named(rest);
        return named.Count == 0 || named.Contains(subject) ? query : $"{lead} {Subjects.Replace(rest, subject)}";
    }

    [GeneratedRegex(@"^\W*(and|what about|how about|same for|also|then)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Lead();
}
