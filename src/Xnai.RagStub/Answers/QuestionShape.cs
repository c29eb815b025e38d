using System.Text.RegularExpressions;

namespace Xnai.RagStub.Answers;

/// <summary>What kind of fact a question asks for, read from its wording.</summary>
public enum QuestionKind
{
    /// <summary>No particular shape: the best-matching sentence answers.</summary>
    Open,

    /// <summary>"how long does it stay open", "how fast": a time.</summary>
    Duration,

    /// <summary>"how many", "what number": a number.</summary>
    Count,

    /// <summary>"how long can a message be", "at most", "the longest": a limit (a range, "up to", "at most", a maximum).</summary>
    Limit,

    /// <summary>"what share / percentage": a percentage.</summary>
    Share,

    /// <summary>"is … on by default": the default, stated as on or off.</summary>
    Default,

    /// <summary>"why …": a reason.</summary>
    Reason,

    /// <summary>"which header / metric / setting": a name, shown in code font.</summary>
    Name,

    /// <summary>"what are the steps", "in what order": a list.</summary>
    Steps,

    /// <summary>"how do I …", "how can I …": what to do, which documents name in code font (a command, a setting, an endpoint).</summary>
    HowTo,
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

        // "How long can a message be?" asks for a limit, not a time.
        if (LimitPattern().IsMatch(question))
        {
            return QuestionKind.Limit;
        }

        if (SharePattern().IsMatch(question))
        {
            return QuestionKind.Share;
        }

        if (DefaultPattern().IsMatch(question))
        {
            return QuestionKind.Default;
        }

        if (ReasonPattern().IsMatch(question))
        {
            return QuestionKind.Reason;
        }

        if (HowToPattern().IsMatch(question))
        {
            return QuestionKind.HowTo;
        }

        if (DurationPattern().IsMatch(question))
        {
            return QuestionKind.Duration;
        }

        return CountPattern().IsMatch(question) ? QuestionKind.Count : QuestionKind.Open;
    }

    /// <summary>True for the kinds that ask for one value: an answer states one such value, never two.</summary>
    public static bool AsksForAValue(QuestionKind kind) => kind is QuestionKind.Duration or QuestionKind.Count or QuestionKind.Limit or QuestionKind.Share;

    /// <summary>True when <paramref name="sentence"/> states the kind of fact <paramref name="kind"/> asks for.</summary>
    public static bool Fits(QuestionKind kind, string sentence) => kind switch
    {
        QuestionKind.Duration => DurationValue().IsMatch(sentence),
        QuestionKind.Count => NumberValue().IsMatch(sentence),
        QuestionKind.Limit => NumberValue().IsMatch(sentence) && LimitValue().IsMatch(sentence),
        QuestionKind.Share => PercentValue().IsMatch(sentence),
        QuestionKind.Default => DefaultValue().IsMatch(sentence),
        QuestionKind.Reason => ReasonValue().IsMatch(sentence),
        QuestionKind.Name => sentence.Contains('`', StringComparison.Ordinal) || sentence.Contains("**", StringComparison.Ordinal),
        QuestionKind.HowTo => sentence.Contains('`', StringComparison.Ordinal) || CommandLine().IsMatch(sentence),
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

    /// <summary>
    /// True when two sentences state different values of one kind (durations, or percentages): "30 s" next to "15 s"
    /// reads as a contradiction, a window of "5 minutes" next to a ratio of "50 %" does not.
    /// </summary>
    public static bool Conflict(IReadOnlyList<string> first, IReadOnlyList<string> second)
    {
        // Both lists hold a handful of values: compared in place, per kind, with no set built.
        foreach (var percent in (ReadOnlySpan<bool>)[false, true])
        {
            bool inFirst = false, inSecond = false, differ = false;
            foreach (var value in first)
            {
                if (value.EndsWith('%') == percent)
                {
                    inFirst = true;
                    differ |= !second.Contains(value);
                }
            }

            foreach (var value in second)
            {
                if (value.EndsWith('%') == percent)
                {
                    inSecond = true;
                    differ |= !first.Contains(value);
                }
            }

            if (inFirst && inSecond && differ)
            {
                return true;
            }
        }

        return false;
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

    [GeneratedRegex(@"\b(which|what)\b(\s+\w+){0,3}?\s+(header|metric|counter|gauge|setting|key|endpoint|field|flag|option|query|alert|program|engine|tool|command|package|file|variable)s?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"\bhow (long|big|large|much \w+|many \w+) can\b|\bat most\b|\b(maximum|longest|largest|biggest|upper limit)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LimitPattern();

    [GeneratedRegex(@"\b(what|which) (share|percentage|proportion|percent|fraction|ratio)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SharePattern();

    [GeneratedRegex(@"^\W*(is|are|does|do)\b.*\bdefault\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DefaultPattern();

    [GeneratedRegex(@"^\W*why\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReasonPattern();

    [GeneratedRegex(@"^\W*how (do|can|should|would) (i|we|you)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HowToPattern();

    // A line of a code block that is a command (the chunker keeps them verbatim, one per line).
    [GeneratedRegex(@"^(dotnet|apt-get|sudo|curl|export|redis-server|git|azd|promtool|flite|pocketsphinx)\b", RegexOptions.CultureInvariant)]
    private static partial Regex CommandLine();

    [GeneratedRegex(@"\b\d[\d,.]* to [\d,.]+\b|\bup to\b|\bat most\b|\bmax|\bmaximum\b|\blonger than\b|\blarger than\b|\bcap\b|\blimit", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LimitValue();

    [GeneratedRegex(@"\bdefault\b.*\b(off|on|enabled|disabled|turns?)\b|\b(off|on|enabled|disabled)\b.*\bdefault\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DefaultValue();

    [GeneratedRegex(@"\b(because|so that|so|since|avoids?|to avoid|otherwise|spares?|which means|the reason)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReasonValue();

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
