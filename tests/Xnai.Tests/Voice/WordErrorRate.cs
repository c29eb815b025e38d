namespace Xnai.Tests.Voice;

/// <summary>Word error rate: word-level Levenshtein distance (substitutions + deletions + insertions) over reference words.</summary>
internal static class WordErrorRate
{
    public static string[] Words(string text) =>
        new string([.. text.ToLowerInvariant().Select(c => char.IsLetter(c) || c == '\'' ? c : ' ')])
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Edit distance between the word sequences of <paramref name="reference"/> and <paramref name="hypothesis"/>.</summary>
    public static int Errors(string reference, string hypothesis)
    {
        var r = Words(reference);
        var h = Words(hypothesis);
        var previous = Enumerable.Range(0, h.Length + 1).ToArray();
        for (var i = 1; i <= r.Length; i++)
        {
            var current = new int[h.Length + 1];
            current[0] = i;
            for (var j = 1; j <= h.Length; j++)
            {
                var substitution = previous[j - 1] + (r[i - 1] == h[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            previous = current;
        }

        return previous[h.Length];
    }
}
