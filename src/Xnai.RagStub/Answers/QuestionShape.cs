using System.Text.RegularExpressions;

namespace Xnai.RagStub.Answers;

/// <summary>What kind of fact a question asks for, read from its wording.</summary>
public enum QuestionKind
{
    /// <summary>No particular shape: the best-matching sentence answers.</summary>
    Open,

    /// <summary>"how long does it stay open", "how fast": a time.</summary>
    Duration,

    /// <summary>"how many", "what share", "how long can a message be": a number.</summary>
    Count,

    /// <summary>"which header / metric / setting": a name, shown in code font.</summary>
    Name,

    /// <summary>"what are the steps", "in what order": a list.</summary>
    Steps,
}

/// <summary>Reads a question's shape and tells whether a sentence has the shape it wants.</summary>
internal static partial class QuestionShape
{
    public static QuestionKind Of(string question)
    {
        if (StepsPattern().IsMatch(question))
        {
            return QuestionKind.Steps;
        }

        if (NamePattern().IsMatch(question))
        {
            return QuestionKind.Name;
        }

        // "How long can a message be?" asks for a size, not a time.
        if (SizePattern().IsMatch(question))
        {
            return QuestionKind.Count;
        }

        if (DurationPattern().IsMatch(question))
        {
            return QuestionKind.Duration;
        }

        return CountPattern().IsMatch(question) ? QuestionKind.Count : QuestionKind.Open;
    }

    /// <summary>True when <paramref name="sentence"/> states the kind of fact <paramref name="kind"/> asks for.</summary>
    public static bool Fits(QuestionKind kind, string sentence) => kind switch
    {
        QuestionKind.Duration => DurationValue().IsMatch(sentence),
        QuestionKind.Count => NumberValue().IsMatch(sentence),
        QuestionKind.Name => sentence.Contains('`', StringComparison.Ordinal),
        _ => true,
    };

    /// <summary>The durations and percentages a sentence states, normalised ("30 seconds" and "30 s" are one value).</summary>
    public static HashSet<string> Values(string sentence)
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in DurationValue().Matches(sentence))
        {
            if (match.Groups["n"].Success)
            {
                values.Add(match.Groups["n"].Value + Unit(match.Groups["u"].Value));
            }
        }

        foreach (Match match in PercentValue().Matches(sentence))
        {
            values.Add($"{match.Groups["n"].Value}%");
        }

        return values;
    }

    private static string Unit(string unit) => unit.ToLowerInvariant() switch
    {
        var u when u.StartsWith("ms", StringComparison.Ordinal) || u.StartsWith("milli", StringComparison.Ordinal) => "ms",
        var u when u.StartsWith("min", StringComparison.Ordinal) => "min",
        var u when u.StartsWith('h') => "h",
        _ => "s",
    };

    [GeneratedRegex(@"\b(steps?|step by step|in what order|walk me through)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StepsPattern();

    [GeneratedRegex(@"\b(which|what)\b(\s+\w+){0,3}?\s+(header|metric|counter|gauge|setting|key|endpoint|field|flag|option|query)s?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"\bhow (long|big|large) can\b.*\bbe\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SizePattern();

    [GeneratedRegex(@"\b(how long|how many (seconds|minutes)|how much time|after how long|how fast|how quickly|when will|until it)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"\b(how many|how much|how big|what (share|percentage|proportion|number|value|percent)|which value|minimum number|at most|maximum)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CountPattern();

    [GeneratedRegex(@"(?<n>\d+(\.\d+)?)[\s-]?(?<u>ms\b|milliseconds?|s\b|sec\b|seconds?|minutes?|min\b|hours?)|\b\d\d:\d\d:\d\d\b|\b(milliseconds|seconds|minutes)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DurationValue();

    [GeneratedRegex(@"(?<n>\d+(\.\d+)?)\s?%", RegexOptions.CultureInvariant)]
    private static partial Regex PercentValue();

    [GeneratedRegex(@"\d|\b(one|two|three|four|five|ten)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NumberValue();
}
