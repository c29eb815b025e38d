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
public sealed partial class AnswerComposer : IAnswerComposer
{
    private readonly KnowledgeIndex _index;

    // Other forms of a word the stemmer left apart ("failed" → fail, "failure" → failur), built once from the index.
    private readonly TermVariants _variants;

    // Shapes, values and subjects of every sentence, read once from the index.
    private readonly SentenceFacts _facts;

    // Each synonym's documented words, analysed once: their terms and adjacent pairs.
    private readonly (string Everyday, string[] Terms, List<(int First, int Second)> Pairs)[] _synonyms;

    /// <summary>A composer over <paramref name="index"/>; reads what it needs of every sentence once, here.</summary>
    public AnswerComposer(KnowledgeIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        _index = index;
        _variants = TermVariants.Build(index);
        _facts = new SentenceFacts(index);
        _synonyms = [.. Synonyms.Select(s => (s.Everyday, index.QueryTerms(s.Documented).ToArray(), PairsOf(index.QueryTerms(s.Documented))))];
    }

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
    // A follower sentence must score this share of the best one. 0.6 → 0.45 answered more often on every set tuned or
    // checked (dev, held-out 1, held-out 2 as validation; docs/answers.md), the words staying near 30.
    private const double FollowerShare = 0.45;
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
    /// <remarks>A follow-up that names another subject is asked about that subject (<see cref="FollowUps.Rewrite"/>).</remarks>
    public string Question(string query) => FollowUps.Rewrite(query);

    /// <inheritdoc />
    public RetrievalResult Compose(string question, IReadOnlyList<string> terms, IReadOnlyList<SearchHit> ranked, int topK, bool matchedByMeaning = false)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(ranked);
        if (ranked.Count == 0)
        {
            return RetrievalResult.NoMatch;
        }

        var index = _index;
        var kind = QuestionShape.Of(question);
        var subject = Subjects.Of(question);
        var valueQuestion = QuestionShape.AsksForAValue(kind);
        // Synonyms add to a sentence's score; the threshold reads the question's own words (and synonyms never lower it).
        var own = Weighted(terms);
        var ownTotal = Total(own);
        var (weighted, pairs) = Expanded(question, terms, own);
        var total = Total(weighted);
        var best = ranked[0].Score;
        var candidates = new List<Candidate>();
        var documentRanks = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var hit in ranked)
        {
            documentRanks.TryAdd(hit.Passage.DocumentId, documentRanks.Count);
        }

        // The passages of the document about the subject the question names are read even when ranked lower: a follow-up
        // ("and the voice one? how long does the redis breaker stay open?") shares more words with the previous subject.
        for (var rank = 0; rank < ranked.Count; rank++)
        {
            var hit = ranked[rank];
            if (rank >= CandidatePassages && !_facts.DocumentAbout(subject, hit.Ordinal))
            {
                continue;
            }

            var passage = index.TermsOf(hit);
            var relative = best > 0 ? hit.Score / best : 1;

            // Prefer the best document: a sentence of the second or third document must answer clearly better.
            var preference = documentRanks[hit.Passage.DocumentId] switch { 0 => 1.0, 1 => 0.8, _ => 0.65 };
            var passageMatch = Matched(passage.AllTerms, weighted, own.Length);
            var context = total == 0 ? 0 : passageMatch.All / total;
            var ownContext = ownTotal == 0 ? 0 : passageMatch.Own / ownTotal;
            var headingOrder = Math.Sqrt(Order(passage.HeadingPairs, pairs));
            // Under a heading that is a name (a metric's section), every sentence is about that name.
            var namedHeading = kind == QuestionKind.Name && _facts.HeadingName(hit.Ordinal) is not null;
            for (var position = 0; position < passage.Sentences.Length; position++)
            {
                var sentenceTerms = passage.SentenceTerms[position];
                var sentenceMatch = Matched(sentenceTerms, weighted, own.Length);
                var coverage = total == 0 ? 0 : sentenceMatch.All / total;
                var fits = _facts.Fits(hit.Ordinal, position, kind) || namedHeading;
                var fragment = sentenceTerms.Length < 4 ? 0.5 : 1.0;
                // A sentence listing several values of the kind asked ("rag_api 30 s, redis 15 s") answers none of them.
                var listing = valueQuestion && _facts.Values(hit.Ordinal, position).Length > 1 ? 0.5 : 1.0;
                // A sentence about another breaker than the one asked about answers a different question.
                var about = _facts.DiffersFrom(subject, hit.Ordinal, position) ? OtherSubject : 1.0;
                // A shaped question is answered by a sentence with that shape; word order tells "text to speech" from "speech to text".
                // A question asking which name is answered by a sentence naming one.
                var shaped = (valueQuestion || kind == QuestionKind.Name) && !fits ? Unshaped : 1.0;
                var order = Order(passage.SentencePairs[position], pairs) * headingOrder;
                var score = preference * listing * about * shaped * order * (((0.7 * coverage) + (0.3 * context)) * (0.5 + (0.5 * relative)) * fragment
                    + (fits && kind != QuestionKind.Open && coverage > 0 ? ShapeBonus * relative : 0));
                var answers = ownTotal == 0 ? 0 : Math.Max(sentenceMatch.Own / ownTotal, 0.5 * ownContext);
                candidates.Add(new Candidate(hit, rank, position, passage.Sentences[position], score, Math.Max(answers, Math.Max(coverage, 0.5 * context)), fits));
            }
        }

        // The document whose best sentence answers best, among the top few documents of the ranking.
        Candidate? top = null;
        foreach (var c in candidates)
        {
            if ((documentRanks[c.Hit.Passage.DocumentId] < CandidateDocuments || _facts.DocumentAbout(subject, c.Hit.Ordinal)) && (top is null || c.Score > top.Score))
            {
                top = c;
            }
        }

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
        var ofDocument = candidates.FindAll(c => c.Hit.Passage.DocumentId == document);
        var chosen = Choose([.. ofDocument.OrderByDescending(c => c.Score)], top, kind);

        // Sources are documents in ranking order; the answer's document is always among them.
        var sourceHits = ranked.DistinctBy(h => h.Passage.DocumentId, StringComparer.Ordinal).Take(topK).ToList();
        if (!sourceHits.Any(h => h.Passage.DocumentId == document))
        {
            sourceHits[^1] = top.Hit;
        }

        var marker = sourceHits.FindIndex(h => h.Passage.DocumentId == document) + 1;
        var ordered = chosen.OrderBy(c => c.Rank).ThenBy(c => c.Position).ToList();
        var answer = new StringBuilder();
        string? named = null;
        foreach (var sentence in ordered)
        {
            answer.Append(answer.Length > 0 ? " " : string.Empty);
            // "Which metric counts recoveries?" is answered with the name, when the sentence leaves it to its heading;
            // once per name.
            if (kind == QuestionKind.Name && !_facts.Fits(sentence.Hit.Ordinal, sentence.Position, kind)
                && _facts.HeadingName(sentence.Hit.Ordinal) is { } name && name != named)
            {
                answer.Append('`').Append(name).Append("`: ");
                named = name;
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

    private List<Candidate> Choose(List<Candidate> ranked, Candidate top, QuestionKind kind)
    {
        var chosen = new List<Candidate> { top };
        // The values the answer states so far; a handful at most, so a list (no set per candidate).
        var values = new List<string>(_facts.Values(top.Hit.Ordinal, top.Position));
        var words = _facts.Words(top.Hit.Ordinal, top.Position);
        var limit = kind == QuestionKind.Steps ? MaxStepSentences : MaxSentences;
        var topFits = _facts.Fits(top.Hit.Ordinal, top.Position, kind);
        foreach (var candidate in ranked)
        {
            if (chosen.Count == limit || candidate.Score < top.Score * FollowerShare)
            {
                break;
            }

            var candidateWords = _facts.Words(candidate.Hit.Ordinal, candidate.Position);
            if (words + candidateWords > MaxWords || candidate.Coverage == 0 || AlreadyChosen(chosen, candidate.Text))
            {
                continue;
            }

            // A second value for the same thing ("30 seconds" next to "15 seconds") reads as a contradiction;
            // and a shaped question gets one value-bearing sentence.
            var stated = _facts.Values(candidate.Hit.Ordinal, candidate.Position);
            if (QuestionShape.Conflict(values, stated) || (QuestionShape.AsksForAValue(kind) && candidate.Fits && topFits))
            {
                continue;
            }

            chosen.Add(candidate);
            foreach (var value in stated)
            {
                if (!values.Contains(value))
                {
                    values.Add(value);
                }
            }

            words += candidateWords;
        }

        return chosen;
    }

    private static bool AlreadyChosen(List<Candidate> chosen, string text)
    {
        foreach (var c in chosen)
        {
            if (string.Equals(c.Text, text, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Adjacent term pairs of <paramref name="terms"/> in reading order.</summary>
    private List<(int First, int Second)> PairsOf(IReadOnlyList<string> terms)
    {
        var pairs = new List<(int, int)>(terms.Count);
        for (var i = 1; i < terms.Count; i++)
        {
            var (first, second) = (_index.TermId(terms[i - 1]), _index.TermId(terms[i]));
            if (first >= 0 && second >= 0)
            {
                pairs.Add((first, second));
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

    /// <summary>
    /// The question's terms with the documented words of every everyday phrase it uses, and the adjacent pairs of the
    /// question and of each such phrase (never across the two), in reading order.
    /// </summary>
    private (WeightedTerm[] Terms, List<(int First, int Second)> Pairs) Expanded(string question, IReadOnlyList<string> terms, WeightedTerm[] own)
    {
        var pairs = PairsOf(terms);
        List<WeightedTerm>? expanded = null;
        foreach (var (everyday, documented, documentedPairs) in _synonyms)
        {
            if (!question.Contains(everyday, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            expanded ??= [.. own];
            pairs.AddRange(documentedPairs);
            foreach (var term in documented)
            {
                if (expanded.Count < KnowledgeIndex.MaxQueryTerms && !terms.Contains(term, StringComparer.Ordinal) && !expanded.Exists(t => t.Term == term))
                {
                    expanded.Add(Weigh(term));
                }
            }
        }

        return (expanded is null ? own : [.. expanded], pairs);
    }

    private WeightedTerm[] Weighted(IReadOnlyList<string> terms)
    {
        var weighted = new WeightedTerm[terms.Count];
        for (var i = 0; i < weighted.Length; i++)
        {
            weighted[i] = Weigh(terms[i]);
        }

        return weighted;
    }

    private WeightedTerm Weigh(string term)
    {
        var id = _index.TermId(term);
        return new WeightedTerm(term, id, _variants.Of(id), _index.Idf(term) * (AllDigits(term) ? QuotedNumber : 1));
    }

    private static bool AllDigits(string term)
    {
        foreach (var c in term)
        {
            if (!char.IsDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static double Total(WeightedTerm[] terms)
    {
        var total = 0.0;
        foreach (var term in terms)
        {
            total += term.Weight;
        }

        return total;
    }

    // A term found as itself weighs its IDF; found only as another form of the word, a share of it. The question's own
    // terms come first in the expanded terms, so one pass gives both sums: all terms, and the first ownCount.
    private static (double All, double Own) Matched(int[] present, WeightedTerm[] terms, int ownCount)
    {
        double all = 0.0, own = 0.0;
        for (var i = 0; i < terms.Length; i++)
        {
            var term = terms[i];
            var weight = Contains(present, term.Id) ? term.Weight : AnyVariant(present, term.Variants) ? VariantShare * term.Weight : 0;
            all += weight;
            own += i < ownCount ? weight : 0;
        }

        return (all, own);
    }

    private static bool AnyVariant(int[] present, int[] variants)
    {
        foreach (var variant in variants)
        {
            if (Contains(present, variant))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SharesEnough(int[] present, WeightedTerm[] terms)
    {
        if (terms.Length < TermsNeedingTwo)
        {
            return true;
        }

        var shared = 0;
        foreach (var term in terms)
        {
            shared += Contains(present, term.Id) || AnyVariant(present, term.Variants) ? 1 : 0;
        }

        return shared >= 2;
    }

    private static bool Contains(int[] sorted, int id) => id >= 0 && Array.BinarySearch(sorted, id) >= 0;

    private static int BestPosition(List<Candidate> candidates, SearchHit hit)
    {
        Candidate? best = null;
        foreach (var c in candidates)
        {
            if (c.Hit.Ordinal == hit.Ordinal && (best is null || c.Score > best.Score))
            {
                best = c;
            }
        }

        return best?.Position ?? 0;
    }

    private static string Terminated(string sentence)
    {
        var text = sentence.TrimEnd(':', ';', ',', ' ');
        var open = text.Length > 0 && (char.IsLetterOrDigit(text[^1]) || text[^1] is '`' or ')' or '"' or '*');
        return open ? text + "." : text;
    }

    // The snippet starts at the quoted (or best) sentence so the reader sees why it matched. Only the sentences that
    // reach past SnippetChars are joined: the cut never looks further.
    private string Snippet(SearchHit hit, int start)
    {
        var sentences = _index.TermsOf(hit).Sentences;
        var text = new StringBuilder(SnippetChars + 64);
        for (var i = start; i < sentences.Length && text.Length <= SnippetChars; i++)
        {
            text.Append(i > start ? " " : string.Empty).Append(sentences[i]);
        }

        var prefix = start > 0 ? "…" : string.Empty;
        if (text.Length <= SnippetChars)
        {
            return prefix + text;
        }

        var joined = text.ToString();
        var cut = joined.LastIndexOf(' ', SnippetChars);
        return prefix + joined[..(cut > SnippetChars / 2 ? cut : SnippetChars)].TrimEnd(',', ';', ':') + "…";
    }

    private sealed record WeightedTerm(string Term, int Id, int[] Variants, double Weight);

    private sealed record Candidate(SearchHit Hit, int Rank, int Position, string Text, double Score, double Coverage, bool Fits);
}
