using System.Text.RegularExpressions;

namespace Xnai.Tests.Rag.Answers;

/// <summary>
/// One question of an answer set: every pattern of <paramref name="MustState"/> must match the answer (the asked fact),
/// none of <paramref name="MustNot"/> may (a neighbouring fact that would contradict or confuse it). Patterns are
/// case-insensitive regular expressions over the answer text without citation markers.
/// </summary>
public sealed record AnswerCase(string Question, string[] MustState, string[] MustNot)
{
    /// <summary>True when the answer states every required fact.</summary>
    public bool States(string answer) => MustState.All(p => Regex.IsMatch(answer, p, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));

    /// <summary>True when the answer states a neighbouring fact it must not.</summary>
    public bool Contradicts(string answer) => MustNot.Any(p => Regex.IsMatch(answer, p, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));
}
