using Xnai.RagStub.Search;

namespace Xnai.RagStub.Answers;

/// <summary>
/// Terms of the index that are forms of one word the stemmer left apart ("fail" for "failed", "failur" for "failure";
/// "measur" and "measurement"): one stem is the other plus at most <see cref="MaxExtra"/> letters, the shorter at least
/// <see cref="MinStem"/> long. Built once from the index's own vocabulary (at ingestion, not per question), so a
/// question's wording needs no synonym written for it to reach a sentence that words it differently.
/// </summary>
internal sealed class TermVariants
{
    private const int MinStem = 4;
    private const int MaxExtra = 3;

    private readonly Dictionary<int, int[]> _variants;

    private TermVariants(Dictionary<int, int[]> variants) => _variants = variants;

    /// <summary>The ids of the other forms of term <paramref name="id"/> (empty when it has none).</summary>
    public int[] Of(int id) => id >= 0 && _variants.TryGetValue(id, out var variants) ? variants : [];

    public static TermVariants Build(KnowledgeIndex index)
    {
        var vocabulary = new SortedSet<string>(StringComparer.Ordinal);
        for (var ordinal = 0; ordinal < index.Passages.Count; ordinal++)
        {
            var passage = index.Passages[ordinal];
            vocabulary.UnionWith(index.QueryTerms(passage.DocumentTitle + " " + passage.Section));
            foreach (var sentence in index.TermsOf(index.HitAt(ordinal, 0)).Sentences)
            {
                vocabulary.UnionWith(index.QueryTerms(sentence));
            }
        }

        var terms = vocabulary.Where(t => !t.Any(char.IsDigit)).ToArray();
        var links = new Dictionary<int, List<int>>();
        for (var i = 0; i < terms.Length; i++)
        {
            if (terms[i].Length < MinStem)
            {
                continue;
            }

            // Sorted order puts every term that starts with terms[i] right after it.
            for (var j = i + 1; j < terms.Length && terms[j].StartsWith(terms[i], StringComparison.Ordinal); j++)
            {
                if (terms[j].Length - terms[i].Length <= MaxExtra)
                {
                    Link(links, index.TermId(terms[i]), index.TermId(terms[j]));
                }
            }
        }

        return new TermVariants(links.ToDictionary(l => l.Key, l => l.Value.ToArray()));
    }

    private static void Link(Dictionary<int, List<int>> links, int a, int b)
    {
        if (a < 0 || b < 0 || a == b)
        {
            return;
        }

        (links.TryGetValue(a, out var fromA) ? fromA : links[a] = []).Add(b);
        (links.TryGetValue(b, out var fromB) ? fromB : links[b] = []).Add(a);
    }
}
