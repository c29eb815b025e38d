using System.Text;
using Xnai.RagStub.Knowledge;
using Xnai.RagStub.Search;

namespace Xnai.RagStub.Answers;

/// <summary>
/// Writes the answer from a ranking (issue 28): scores every sentence of the top passages against the question
/// (IDF-weighted overlap with the question's terms and a few everyday synonyms, times its passage's rank score, plus a
/// bonus when it has the shape the question asks for: a duration for "how long", a number for "how many", a name in
/// code font for "which header"); answers from the one document whose best sentence scores highest, 1–3 sentences and
/// about <see cref="MaxWords"/> words; never adds a sentence stating a different duration or percentage than one already
/// chosen; cites each sentence (<c>[1]</c> = first source) and puts the quoted sentences on that source. When no
/// sentence answers above <see cref="MinCoverage"/>, it says so and names the closest topics instead of guessing.
/// </summary>
public sealed class AnswerComposer(KnowledgeIndex index) : IAnswerComposer
{
    // Other forms of a word the stemmer left apart ("failed" → fail, "failure" → failur), built once from the index.
    private readonly TermVariants _variants = TermVariants.Build(index);

    /// <summary>Words the answer aims to stay within; a single longer sentence is kept whole.</summary>
    public const int MaxWords = 50;

    /// <summary>Share of the question's weight the best sentence (or its passage's heading) must hold to be an answer.</summary>
    public const double MinCoverage = 0.2;

    private const int MaxSentences = 3;
    private const int MaxStepSentences = 6;

    // Passages read for candidate sentences, and documents considered for the answer.
    private const int CandidatePassages = 8;
    private const int CandidateDocuments = 3;
    private const double ShapeBonus = 0.35;
    private const double FollowerShare = 0.6;
    private const double OtherSubject = 0.35;
    private const double Unshaped = 0.6;
    private const double ReversedOrder = 0.5;
    private const double InOrderBonus = 0.15;
    private const int SnippetChars = 240;
    private const double VariantShare = 0.7;

    // A question of this many terms or more is answered by words only from a passage holding at least two of them: one
    // shared everyday word ("a good pasta recipe" and "a good fallback") is a coincidence, not an answer.
    private const int TermsNeedingTwo = 4;

    // A number the question quotes ("state 3", "value 4") names the thing asked about: it weighs this much more.
    private const double QuotedNumber = 2.0;

    // Everyday words and the words the documents use for them; appended to the question before analysis.
    private static readonly (string Everyday, string Documented)[] Synonyms =
    [
        ("in a row", "consecutive"), ("errors", "failures"), ("error", "failure"), ("mistakes", "failures"),
        ("share", "ratio rate"), ("percentage", "ratio rate"), ("speech", "voice"), ("spoken", "voice speech"),
        ("knowledge base", "rag"), ("document search", "rag knowledge"), ("test calls", "probe"), ("guard", "breaker"),
        ("tripped", "open"), ("trips", "opens"), ("wait", "retry"), ("too many", "rate limit 429"),
        ("turn off", "disable"), ("off", "disable"), ("on purpose", "isolate forced"), ("transcribes", "speech-to-text"),
        ("turns text into speech", "text-to-speech"), ("recording", "audio WAV"), ("spoken aloud", "text-to-speech"),
        ("opening and closing", "flapping tripped several times"), ("keeps tripping", "flapping"), ("longest", "maximum max cap"),
        ("grow", "multiplies"),
    ];

    /// <inheritdoc />
    public RetrievalResult Compose(string question, IReadOnlyList<string> terms, IReadOnlyList<SearchHit> ranked, int topK, bool matchedByMeaning = false)
    {
        if (ranked.Count == 0)
        {
            return RetrievalResult.NoMatch;
        }

        var kind = QuestionShape.Of(question);
        var subject = Subjects.Of(question);
        // Synonyms add to a sentence's score; the threshold reads the question's own words (and synonyms never lower it).
        var weighted = Weighted(Expanded(question));
        var total = weighted.Sum(t => t.Weight);
        var own = Weighted(question);
        var ownTotal = own.Sum(t => t.Weight);
        var pairs = OrderedPairs(question);
        var best = ranked[0].Score;
        var candidates = new List<Candidate>();
        var documentRanks = ranked.Select(h => h.Passage.DocumentId).Distinct(StringComparer.Ordinal).Select((d, r) => (d, r))
            .ToDictionary(x => x.d, x => x.r, StringComparer.Ordinal);
        // The passages of the document about the subject the question names are read even when ranked lower: a follow-up
        // ("and the voice one? how long does the redis breaker stay open?") shares more words with the previous subject.
        bool AboutSubject(SearchHit h) => subject is not null && Subjects.Named(h.Passage.DocumentTitle) is { Count: 1 } named && named.Contains(subject);
        var read = ranked.Select((h, r) => (h, r)).Where(x => x.r < CandidatePassages || AboutSubject(x.h)).ToList();
        foreach (var (hit, rank) in read)
        {
            var passage = index.TermsOf(hit);
            var relative = best > 0 ? hit.Score / best : 1;

            // Prefer the best document: a sentence of the second or third document must answer clearly better.
            var preference = documentRanks[hit.Passage.DocumentId] switch { 0 => 1.0, 1 => 0.8, _ => 0.65 };
            for (var position = 0; position < passage.Sentences.Length; position++)
            {
                var text = passage.Sentences[position];
                var coverage = total == 0 ? 0 : Matched(passage.SentenceTerms[position], weighted) / total;
                var context = total == 0 ? 0 : Matched(passage.AllTerms, weighted) / total;
                // Under a heading that is a name (a metric's section), every sentence is about that name.
                var fits = QuestionShape.Fits(kind, text) || (kind == QuestionKind.Name && HeadingName(hit.Passage) is not null);
                var fragment = passage.SentenceTerms[position].Length < 4 ? 0.5 : 1.0;
                // A sentence listing several values of the kind asked ("rag_api 30 s, redis 15 s") answers none of them.
                var listing = QuestionShape.AsksForAValue(kind) && QuestionShape.Values(text).Count > 1 ? 0.5 : 1.0;
                // A sentence about another breaker than the one asked about answers a different question.
                var about = Subjects.Differs(subject, text, hit.Passage) ? OtherSubject : 1.0;
                // A shaped question is answered by a sentence with that shape; word order tells "text to speech" from "speech to text".
                // A question asking which name is answered by a sentence naming one.
                var shaped = (QuestionShape.AsksForAValue(kind) || kind == QuestionKind.Name) && !fits ? Unshaped : 1.0;
                var order = Order(passage.SentencePairs[position], pairs) * Math.Sqrt(Order(passage.HeadingPairs, pairs));
                var score = preference * listing * about * shaped * order * (((0.7 * coverage) + (0.3 * context)) * (0.5 + (0.5 * relative)) * fragment
                    + (fits && kind != QuestionKind.Open && coverage > 0 ? ShapeBonus * relative : 0));
                var answers = ownTotal == 0 ? 0 : Math.Max(Matched(passage.SentenceTerms[position], own) / ownTotal, 0.5 * Matched(passage.AllTerms, own) / ownTotal);
                candidates.Add(new Candidate(hit, rank, position, text, score, Math.Max(answers, Math.Max(coverage, 0.5 * context)), fits));
            }
        }

        // The document whose best sentence answers best, among the top few documents of the ranking.
        var documents = ranked.Select(h => h.Passage.DocumentId).Distinct(StringComparer.Ordinal).Take(CandidateDocuments).ToHashSet(StringComparer.Ordinal);
        documents.UnionWith(ranked.Where(AboutSubject).Select(h => h.Passage.DocumentId));
        var top = candidates.Where(c => documents.Contains(c.Hit.Passage.DocumentId)).MaxBy(c => c.Score);
        if (top is null || top.Coverage < MinCoverage || (!matchedByMeaning && !SharesEnough(index.TermsOf(top.Hit).AllTerms, own)))
        {
            // Few shared words, but the meaning-based gate found the question answerable: a paraphrase. Its answer is in
            // the best-ranked passage: that passage's best sentence (its first when no word is shared at all).
            if (!matchedByMeaning)
            {
                return NothingAnswers(ranked);
            }

            top = candidates.Where(c => c.Rank == 0).OrderByDescending(c => c.Score).ThenBy(c => c.Position).FirstOrDefault();
            if (top is null)
            {
                return NothingAnswers(ranked);
            }
        }

        var document = top.Hit.Passage.DocumentId;
        var chosen = Choose(candidates.Where(c => c.Hit.Passage.DocumentId == document).OrderByDescending(c => c.Score).ToList(), top, kind);

        // Sources are documents in ranking order; the answer's document is always among them.
        var sourceHits = ranked.DistinctBy(h => h.Passage.DocumentId, StringComparer.Ordinal).Take(topK).ToList();
        if (!sourceHits.Any(h => h.Passage.DocumentId == document))
        {
            sourceHits[^1] = top.Hit;
        }

        var marker = sourceHits.FindIndex(h => h.Passage.DocumentId == document) + 1;
        var ordered = chosen.OrderBy(c => c.Rank).ThenBy(c => c.Position).ToList();
        var answer = new StringBuilder();
        foreach (var sentence in ordered)
        {
            answer.Append(answer.Length > 0 ? " " : string.Empty);
            // "Which metric counts recoveries?" is answered with the name, when the sentence leaves it to its heading.
            if (kind == QuestionKind.Name && !QuestionShape.Fits(kind, sentence.Text) && HeadingName(sentence.Hit.Passage) is { } name)
            {
                answer.Append('`').Append(name).Append("`: ");
            }

            answer.Append(Terminated(sentence.Text)).Append(" [").Append(marker).Append(']');
        }

        var sources = sourceHits.Select(hit => hit.Passage.DocumentId == document
            ? new RetrievedPassage(hit.Passage, hit.Score, Snippet(ordered[0].Hit, ordered[0].Position)) { Quoted = [.. ordered.Select(c => c.Text)] }
            : new RetrievedPassage(hit.Passage, hit.Score, Snippet(hit, BestPosition(candidates, hit))))
            .ToList();
        return new RetrievalResult(answer.ToString(), sources);
    }

    /// <summary>The answer when nothing answers the question: says so and names the closest topics, with no sources.</summary>
    internal RetrievalResult NothingAnswers(IReadOnlyList<SearchHit> ranked)
    {
        var topics = ranked.Select(h => h.Passage.DocumentTitle).Distinct(StringComparer.Ordinal).Take(CandidateDocuments);
        return RetrievalResult.NoMatch with
        {
            Answer = "I could not find an answer to that in the knowledge base, so I would rather not guess. The closest topics are: "
                + string.Join("; ", topics) + ".",
        };
    }

    private static List<Candidate> Choose(List<Candidate> ranked, Candidate top, QuestionKind kind)
    {
        var chosen = new List<Candidate> { top };
        var values = QuestionShape.Values(top.Text);
        var words = Words(top.Text);
        var limit = kind == QuestionKind.Steps ? MaxStepSentences : MaxSentences;
        foreach (var candidate in ranked)
        {
            if (chosen.Count == limit || candidate.Score < top.Score * FollowerShare)
            {
                break;
            }

            if (chosen.Any(c => string.Equals(c.Text, candidate.Text, StringComparison.OrdinalIgnoreCase))
                || words + Words(candidate.Text) > MaxWords
                || candidate.Coverage == 0)
            {
                continue;
            }

            // A second value for the same thing ("30 seconds" next to "15 seconds") reads as a contradiction;
            // and a shaped question gets one value-bearing sentence.
            var stated = QuestionShape.Values(candidate.Text);
            if (QuestionShape.Conflict(values, stated)
                || (QuestionShape.AsksForAValue(kind) && candidate.Fits && QuestionShape.Fits(kind, top.Text)))
            {
                continue;
            }

            chosen.Add(candidate);
            values.UnionWith(stated);
            words += Words(candidate.Text);
        }

        return chosen;
    }

    /// <summary>
    /// Adjacent term pairs of the question, and of each documented phrase its everyday words stand for, in reading
    /// order (never across the two).
    /// </summary>
    private List<(int First, int Second)> OrderedPairs(string question)
    {
        var pairs = new List<(int, int)>();
        foreach (var segment in Synonyms.Where(s => question.Contains(s.Everyday, StringComparison.OrdinalIgnoreCase)).Select(s => s.Documented).Prepend(question))
        {
            var ids = index.QueryTerms(segment).Select(index.TermId).ToList();
            for (var i = 1; i < ids.Count; i++)
            {
                if (ids[i - 1] >= 0 && ids[i] >= 0)
                {
                    pairs.Add((ids[i - 1], ids[i]));
                }
            }
        }

        return pairs;
    }

    // A sentence with the question's words in its order gains; one with them only the other way round ("speech to text"
    // for "text to speech") is about the opposite.
    private static double Order(long[] sentencePairs, List<(int First, int Second)> pairs)
    {
        int forward = 0, reversed = 0;
        foreach (var (first, second) in pairs)
        {
            if (Array.BinarySearch(sentencePairs, PassageTerms.PairKey(first, second)) >= 0)
            {
                forward++;
            }
            else if (Array.BinarySearch(sentencePairs, PassageTerms.PairKey(second, first)) >= 0)
            {
                reversed++;
            }
        }

        return forward > 0 ? 1 + (InOrderBonus * Math.Min(forward, 2)) : reversed > 0 ? ReversedOrder : 1.0;
    }

    private string Expanded(string question)
    {
        var text = new StringBuilder(question);
        foreach (var (everyday, documented) in Synonyms)
        {
            if (question.Contains(everyday, StringComparison.OrdinalIgnoreCase))
            {
                text.Append(' ').Append(documented);
            }
        }

        return text.ToString();
    }

    private (int Id, int[] Variants, double Weight)[] Weighted(string question) =>
        [.. index.QueryTerms(question).Select(t => (Id: index.TermId(t), Variants: _variants.Of(index.TermId(t)), Weight: index.Idf(t) * (t.All(char.IsDigit) ? QuotedNumber : 1)))];

    // A term found as itself weighs its IDF; found only as another form of the word, a share of it.
    private static double Matched(int[] present, (int Id, int[] Variants, double Weight)[] terms)
    {
        var weight = 0.0;
        foreach (var (id, variants, termWeight) in terms)
        {
            weight += Contains(present, id) ? termWeight : variants.Any(v => Contains(present, v)) ? VariantShare * termWeight : 0;
        }

        return weight;
    }

    private static bool SharesEnough(int[] present, (int Id, int[] Variants, double Weight)[] terms) =>
        terms.Length < TermsNeedingTwo || terms.Count(t => Contains(present, t.Id) || t.Variants.Any(v => Contains(present, v))) >= 2;

    private static bool Contains(int[] sorted, int id) => id >= 0 && Array.BinarySearch(sorted, id) >= 0;

    /// <summary>The passage's heading when it is a name (snake_case, or in code font), else null.</summary>
    private static string? HeadingName(Passage passage)
    {
        var heading = passage.Section.Trim().Trim('`');
        return heading.Length > 0 && !heading.Contains(' ', StringComparison.Ordinal) && heading.Contains('_', StringComparison.Ordinal) ? heading : null;
    }

    private static int BestPosition(List<Candidate> candidates, SearchHit hit) =>
        candidates.Where(c => c.Hit.Ordinal == hit.Ordinal).MaxBy(c => c.Score)?.Position ?? 0;

    private static int Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    private static string Terminated(string sentence)
    {
        var text = sentence.TrimEnd(':', ';', ',', ' ');
        var open = text.Length > 0 && (char.IsLetterOrDigit(text[^1]) || text[^1] is '`' or ')' or '"' or '*');
        return open ? text + "." : text;
    }

    // The snippet starts at the quoted (or best) sentence so the reader sees why it matched.
    private string Snippet(SearchHit hit, int start)
    {
        var sentences = index.TermsOf(hit).Sentences;
        var text = string.Join(" ", sentences.Skip(start));
        var prefix = start > 0 ? "…" : string.Empty;
        if (text.Length <= SnippetChars)
        {
            return prefix + text;
        }

        var cut = text.LastIndexOf(' ', SnippetChars);
        return prefix + text[..(cut > SnippetChars / 2 ? cut : SnippetChars)].TrimEnd(',', ';', ':') + "…";
    }

    private sealed record Candidate(SearchHit Hit, int Rank, int Position, string Text, double Score, double Coverage, bool Fits);
}
