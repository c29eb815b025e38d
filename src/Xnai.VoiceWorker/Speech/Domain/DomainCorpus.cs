using System.Text;

namespace Xnai.VoiceWorker.Speech.Domain;

/// <summary>
/// Training text for the domain language model, from the knowledge documents (Markdown): their sentences as
/// spoken words, and question-shaped sentences about each subject the documents name in their headings
/// ("what is the redis breaker", "how does the grafana dashboard work"), since the voice chat hears questions.
/// </summary>
public sealed class DomainCorpus
{
    private static readonly string[] QuestionTemplates =
    [
        "what is the {0}", "what is a {0}", "what does the {0} do", "how does the {0} work", "what happens when the {0} is down",
        "how do i use the {0}", "where is the {0}", "tell me about the {0}", "how do i configure the {0}", "why is the {0} open",
        "what does the {0} show", "how long does the {0} stay open", "how many failures open the {0}", "what is {0}",
    ];

    private static readonly HashSet<string> SubjectStopWords = new(StringComparer.Ordinal)
    {
        "the", "a", "an", "and", "or", "of", "at", "when", "with", "as", "is", "in", "on", "to", "for", "api", "get", "post",
        "runbook", "metric", "metrics", "deployment", "voice",
    };

    private DomainCorpus(List<IReadOnlyList<string>> sentences, Dictionary<string, int> wordCounts, HashSet<string> acronyms)
    {
        Sentences = sentences;
        WordCounts = wordCounts;
        Acronyms = acronyms;
    }

    /// <summary>Training sentences, lower-case words.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Sentences { get; }

    /// <summary>How often each word occurs in the documents.</summary>
    public IReadOnlyDictionary<string, int> WordCounts { get; }

    /// <summary>Words (lower case) the documents write in capitals, such as RAG or API.</summary>
    public IReadOnlySet<string> Acronyms { get; }

    /// <summary>Builds the corpus from the text of each document; at most <paramref name="maxSentences"/> sentences.</summary>
    public static DomainCorpus Build(IEnumerable<string> documents, int maxSentences)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSentences);
        var sentences = new List<IReadOnlyList<string>>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var acronyms = new HashSet<string>(StringComparer.Ordinal);
        var subjects = new HashSet<string>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            foreach (var rawLine in document.Split('\n'))
            {
                var line = rawLine.Trim();
                var heading = line.StartsWith('#');
                foreach (var raw in SplitSentences(line.TrimStart('#', '-', '*', '>', ' ')))
                {
                    CollectAcronyms(raw, acronyms);
                    var words = Words(raw);
                    if (words.Count == 0)
                    {
                        continue;
                    }

                    foreach (var word in words)
                    {
                        counts[word] = counts.GetValueOrDefault(word) + 1;
                    }

                    if (sentences.Count < maxSentences)
                    {
                        sentences.Add(words);
                    }

                    if (heading)
                    {
                        foreach (var subject in Subjects(words))
                        {
                            subjects.Add(subject);
                        }
                    }
                }
            }
        }

        foreach (var subject in subjects.Order(StringComparer.Ordinal))
        {
            foreach (var template in QuestionTemplates)
            {
                if (sentences.Count >= maxSentences)
                {
                    break;
                }

                sentences.Add(Words(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, subject)));
            }
        }

        return new DomainCorpus(sentences, counts, acronyms);
    }

    /// <summary>The spoken words of <paramref name="text"/>: letters and apostrophes, lower case; "rag_api" and "half-open" become two words each.</summary>
    public static List<string> Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsAsciiLetter(c) || (c == '\'' && current.Length > 0))
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else
            {
                Flush(current, words);
            }
        }

        Flush(current, words);
        return words;
    }

    private static void Flush(StringBuilder current, List<string> words)
    {
        var word = current.ToString().Trim('\'');
        current.Clear();
        // Single letters other than "a" and "i" are mostly variable names and list markers in the documents.
        if (word.Length > 1 || word is "a" or "i")
        {
            words.Add(word);
        }
    }

    private static IEnumerable<string> SplitSentences(string line)
    {
        // Numbers are read out differently from how they are written ("15" is "fifteen"): a sentence breaks there.
        var start = 0;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            var end = c is '.' or '?' or '!' or ':' or ';' or '(' or ')' or '|' || char.IsAsciiDigit(c);
            if (end && (c != '.' || i + 1 >= line.Length || line[i + 1] == ' '))
            {
                yield return line[start..i];
                start = i + 1;
            }
        }

        yield return line[start..];
    }

    private static void CollectAcronyms(string text, HashSet<string> acronyms)
    {
        foreach (var token in text.Split([' ', '`', ',', '/', '_', '-', '(', ')', '"', '*'], StringSplitOptions.RemoveEmptyEntries))
        {
            var word = token.Trim('.', ':', '\'', 's');
            if (word.Length is >= 2 and <= 5 && word.All(char.IsAsciiLetterUpper))
            {
                acronyms.Add(word.ToLowerInvariant());
            }
        }
    }

    private static IEnumerable<string> Subjects(List<string> headingWords)
    {
        // A heading's runs of content words: "the redis breaker" -> "redis breaker"; "half open probes and break duration backoff" -> two.
        var run = new List<string>();
        foreach (var word in headingWords.Append("and"))
        {
            if (SubjectStopWords.Contains(word))
            {
                if (run.Count is > 0 and <= 4)
                {
                    yield return string.Join(' ', run);
                }

                run.Clear();
            }
            else
            {
                run.Add(word);
            }
        }
    }
}
