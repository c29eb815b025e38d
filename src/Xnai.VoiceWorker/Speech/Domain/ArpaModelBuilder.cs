using System.Globalization;
using System.Text;

namespace Xnai.VoiceWorker.Speech.Domain;

/// <summary>
/// A trigram language model in ARPA text form, estimated with interpolated absolute discounting: a seen n-gram
/// keeps its count minus <c>D</c>, and the mass taken (<c>D × distinct successors / count</c>) goes to the
/// lower order. Written as a back-off model whose stored probabilities already include the lower-order term,
/// so the back-off weight of a history is exactly that mass.
/// <para>
/// The model also carries <c>&lt;UNK&gt;</c> with probability and back-off weight zero (log10 -99). sphinxbase maps a
/// word the model lacks to <c>&lt;UNK&gt;</c>; without it the word becomes an invalid id, the history is cut there and
/// the next word is scored by its <b>unigram</b> with no back-off penalty. In an interpolated set that rewarded
/// general words the documents never use: "the boy circuit" scored circuit at P(circuit) = 10^-2.4 while "the voice
/// circuit" paid voice's back-off weights (10^-4.2), and the browser test's "voice" was heard as "boy". With a
/// zero back-off weight the domain model contributes nothing after a word it does not know, so the set scores that
/// word and its successor with the general model alone.
/// </para>
/// </summary>
public static class ArpaModelBuilder
{
    private const string Start = "<s>";
    private const string End = "</s>";

    /// <summary>sphinxbase's unknown word (<c>ngram_unknown_wid</c> looks up this exact spelling).</summary>
    public const string Unknown = "<UNK>";

    /// <summary>Builds the model of <paramref name="sentences"/> (each a list of lower-case words).</summary>
    /// <param name="sentences">Training text.</param>
    /// <param name="discount">Absolute discount, between 0 and 1.</param>
    public static string Build(IEnumerable<IReadOnlyList<string>> sentences, double discount = 0.5)
    {
        if (discount is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(discount), discount, "The discount must be between 0 and 1.");
        }

        var unigrams = new Dictionary<string, int>(StringComparer.Ordinal);
        var bigrams = new Dictionary<(string, string), int>();
        var trigrams = new Dictionary<(string, string, string), int>();
        foreach (var sentence in sentences)
        {
            if (sentence.Count == 0)
            {
                continue;
            }

            var tokens = new List<string>(sentence.Count + 2) { Start };
            tokens.AddRange(sentence);
            tokens.Add(End);
            for (var i = 1; i < tokens.Count; i++)
            {
                Add(unigrams, tokens[i]);
                Add(bigrams, (tokens[i - 1], tokens[i]));
                if (i >= 2)
                {
                    Add(trigrams, (tokens[i - 2], tokens[i - 1], tokens[i]));
                }
            }

            Add(unigrams, Start, 0);
        }

        if (unigrams.Count == 0)
        {
            throw new ArgumentException("The training text has no words.", nameof(sentences));
        }

        var total = unigrams.Where(p => p.Key != Start).Sum(p => p.Value);
        var p1 = unigrams.ToDictionary(p => p.Key, p => p.Key == Start ? 0 : (double)p.Value / total, StringComparer.Ordinal);

        var bigramHistory = Histories(bigrams.Select(p => (p.Key.Item1, p.Value)));
        var bow1 = bigramHistory.ToDictionary(p => p.Key, p => discount * p.Value.Types / p.Value.Count, StringComparer.Ordinal);
        var p2 = new Dictionary<(string, string), double>();
        foreach (var ((a, w), count) in bigrams)
        {
            p2[(a, w)] = (count - discount) / bigramHistory[a].Count + bow1[a] * p1[w];
        }

        var trigramHistory = Histories(trigrams.Select(p => ((p.Key.Item1, p.Key.Item2), p.Value)));
        var bow2 = trigramHistory.ToDictionary(p => p.Key, p => discount * p.Value.Types / p.Value.Count);
        var p3 = new Dictionary<(string, string, string), double>();
        foreach (var ((a, b, w), count) in trigrams)
        {
            var lower = p2.TryGetValue((b, w), out var seen) ? seen : bow1.GetValueOrDefault(b, 1) * p1[w];
            p3[(a, b, w)] = (count - discount) / trigramHistory[(a, b)].Count + bow2[(a, b)] * lower;
        }

        var text = new StringBuilder();
        text.Append("\\data\\\n");
        text.Append(CultureInfo.InvariantCulture, $"ngram 1={p1.Count + 1}\nngram 2={p2.Count}\nngram 3={p3.Count}\n\n");
        text.Append("\\1-grams:\n");
        text.Append("-99\t").Append(Unknown).Append("\t-99\n");
        foreach (var (w, p) in p1.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(Log(p)).Append('\t').Append(w);
            if (bow1.TryGetValue(w, out var bow))
            {
                text.Append('\t').Append(Log(bow));
            }

            text.Append('\n');
        }

        text.Append("\n\\2-grams:\n");
        foreach (var ((a, w), p) in p2.OrderBy(p => p.Key.Item1, StringComparer.Ordinal).ThenBy(p => p.Key.Item2, StringComparer.Ordinal))
        {
            text.Append(Log(p)).Append('\t').Append(a).Append(' ').Append(w);
            if (bow2.TryGetValue((a, w), out var bow))
            {
                text.Append('\t').Append(Log(bow));
            }

            text.Append('\n');
        }

        text.Append("\n\\3-grams:\n");
        foreach (var ((a, b, w), p) in p3.OrderBy(p => p.Key.Item1, StringComparer.Ordinal).ThenBy(p => p.Key.Item2, StringComparer.Ordinal).ThenBy(p => p.Key.Item3, StringComparer.Ordinal))
        {
            text.Append(Log(p)).Append('\t').Append(a).Append(' ').Append(b).Append(' ').Append(w).Append('\n');
        }

        text.Append("\n\\end\\\n");
        return text.ToString();
    }

    private static Dictionary<TKey, (int Count, int Types)> Histories<TKey>(IEnumerable<(TKey History, int Count)> ngrams)
        where TKey : notnull
    {
        var result = new Dictionary<TKey, (int Count, int Types)>();
        foreach (var (history, count) in ngrams)
        {
            var (c, t) = result.GetValueOrDefault(history);
            result[history] = (c + count, t + 1);
        }

        return result;
    }

    private static void Add<TKey>(Dictionary<TKey, int> counts, TKey key, int by = 1)
        where TKey : notnull =>
        counts[key] = counts.GetValueOrDefault(key) + by;

    // <s> is never predicted: ARPA's convention is -99.
    private static string Log(double p) => p <= 0 ? "-99" : Math.Log10(p).ToString("0.######", CultureInfo.InvariantCulture);
}
