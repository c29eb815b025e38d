using System.Text.RegularExpressions;
using Xnai.RagStub.Knowledge;
using Xnai.RagStub.Search;

namespace Xnai.RagStub.Answers;

public sealed partial class AnswerComposer
{
    [GeneratedRegex(@"^((GET|POST|PUT|DELETE|PATCH) )?/\S+$", RegexOptions.CultureInvariant)]
    private static partial Regex RouteName();

    /// <summary>
    /// What the composer reads of each sentence besides its terms — the question shapes it fits, the values it states,
    /// the subjects it names — read once per index (at ingestion), so composing an answer runs no regular expression
    /// over the documents.
    /// </summary>
    private sealed class SentenceFacts
    {
        private readonly Fact[][] _sentences;
        private readonly HashSet<string>[] _titleSubjects;
        private readonly string?[] _headingNames;

        public SentenceFacts(KnowledgeIndex index)
        {
            var count = index.Passages.Count;
            _sentences = new Fact[count][];
            _titleSubjects = new HashSet<string>[count];
            _headingNames = new string?[count];
            var kinds = Enum.GetValues<QuestionKind>();
            for (var ordinal = 0; ordinal < count; ordinal++)
            {
                var passage = index.Passages[ordinal];
                _titleSubjects[ordinal] = Subjects.Named(passage.DocumentTitle);
                _headingNames[ordinal] = ReadHeadingName(passage);
                var sentences = index.TermsOf(index.HitAt(ordinal, 0)).Sentences;
                _sentences[ordinal] = new Fact[sentences.Length];
                for (var position = 0; position < sentences.Length; position++)
                {
                    var text = sentences[position];
                    var fits = 0;
                    foreach (var kind in kinds)
                    {
                        fits |= QuestionShape.Fits(kind, text) ? 1 << (int)kind : 0;
                    }

                    _sentences[ordinal][position] = new Fact(fits, [.. QuestionShape.Values(text)], Subjects.Named(text), text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
                }
            }
        }

        public bool Fits(int ordinal, int position, QuestionKind kind) => (_sentences[ordinal][position].Fits & (1 << (int)kind)) != 0;

        public string[] Values(int ordinal, int position) => _sentences[ordinal][position].Values;

        /// <summary>Words of the sentence, counted as the answer's length is.</summary>
        public int Words(int ordinal, int position) => _sentences[ordinal][position].Words;

        /// <summary>The name the passage is under: its heading when that is a name (snake_case, a path, in code font), else the name its document title gives after a colon; null when neither is.</summary>
        public string? HeadingName(int ordinal) => _headingNames[ordinal];

        /// <summary>As <see cref="Subjects.Differs"/>, from the facts read at ingestion.</summary>
        public bool DiffersFrom(string? subject, int ordinal, int position)
        {
            if (subject is null)
            {
                return false;
            }

            var named = _sentences[ordinal][position].Subjects;
            if (named.Count == 0)
            {
                named = _titleSubjects[ordinal];
            }

            return named.Count > 0 && !named.Contains(subject);
        }

        /// <summary>True when the passage's document is about <paramref name="subject"/> alone.</summary>
        public bool DocumentAbout(string? subject, int ordinal) =>
            subject is not null && _titleSubjects[ordinal] is { Count: 1 } named && named.Contains(subject);

        private static string? ReadHeadingName(Passage passage)
        {
            // The heading when it is a name; else the name a document's title gives after its colon ("API: GET /api/sessions/{id}",
            // "Metric: circuit_breaker_state"): every sentence of that document is about the name.
            var heading = passage.Section.Trim().Trim('`');
            if (IsName(heading))
            {
                return heading;
            }

            var colon = passage.DocumentTitle.IndexOf(':', StringComparison.Ordinal);
            var titled = colon > 0 ? passage.DocumentTitle[(colon + 1)..].Trim().Trim('`') : string.Empty;
            return IsName(titled) ? titled : null;
        }

        // snake_case, a path ("/alive"), or an HTTP method and path ("GET /health").
        private static bool IsName(string text) =>
            text.Length > 0 && (RouteName().IsMatch(text) || (!text.Contains(' ', StringComparison.Ordinal) && text.Contains('_', StringComparison.Ordinal)));

        private sealed record Fact(int Fits, string[] Values, HashSet<string> Subjects, int Words);
    }
}
