using System.Text;

namespace Xnai.VoiceWorker.Speech.Domain;

/// <summary>
/// Training text for the domain language model, from the knowledge documents (Markdown): their sentences as
/// spoken words, and question-shaped sentences about each subject the documents name in their headings
/// ("what is the redis breaker", "how does the grafana dashboard work"), since the voice chat hears questions.
/// Since round 3 of issue 29 also questions about every noun phrase of the text (the words after "the", "a",
/// "each"…), in the singular and in the plural ("what are the passages", "which voices are there"), so that a
/// question may name a product noun in the number the documents never use.
/// </summary>
public sealed class DomainCorpus
{
    private static readonly string[] QuestionTemplates =
    [
        "what is the {0}", "what is a {0}", "what does the {0} do", "how does the {0} work", "what happens when the {0} is down",
        "how do i use the {0}", "where is the {0}", "tell me about the {0}", "how do i configure the {0}", "why is the {0} open",
        "what does the {0} show", "how long does the {0} stay open", "how many failures open the {0}", "what is {0}",
    ];

    // Fewer templates for the noun phrases of the text than for the headings' subjects: there are many more of them.
    private static readonly string[] NounTemplates =
    [
        "what is the {0}", "what does the {0} do", "how does the {0} work", "tell me about the {0}",
    ];

    private static readonly string[] PluralTemplates =
    [
        "what are the {0}", "how do the {0} work", "which {0} are there", "tell me about the {0}", "how many {0} are there",
    ];

    private static readonly HashSet<string> Determiners = new(StringComparer.Ordinal)
    {
        "the", "a", "an", "each", "every", "this", "that", "these", "those", "its", "their", "your", "our", "no", "any",
    };

    // Words that end a noun phrase after a determiner: function words, verbs and adverbs frequent in the documents.
    private static readonly HashSet<string> PhraseStopWords = new(StringComparer.Ordinal)
    {
        "the", "a", "an", "and", "or", "but", "of", "at", "when", "with", "as", "is", "are", "was", "were", "be", "been",
        "in", "on", "to", "for", "from", "by", "into", "onto", "over", "under", "after", "before", "while", "until",
        "if", "then", "than", "so", "not", "no", "it", "its", "this", "that", "these", "those", "there", "here", "which",
        "who", "what", "where", "why", "how", "all", "each", "every", "any", "some", "one", "same", "other", "next",
        "has", "have", "had", "does", "do", "did", "can", "could", "will", "would", "should", "may", "must", "only",
        "also", "again", "still", "about", "between", "through", "per", "via", "out", "up", "down", "off", "back",
        "first", "last", "own", "more", "most", "less", "such", "very", "just", "even", "your", "their", "our", "you",
        "they", "we", "i", "me", "them", "us", "he", "she", "his", "her", "without", "within", "against", "because",
    };

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
    /// <param name="documents">The documents' text.</param>
    /// <param name="maxSentences">Bound on training sentences.</param>
    /// <param name="isWord">
    /// Whether a word can be said (is in the dictionary): a noun's other number ("voice" → "voices") is asked about
    /// only when it is. Null: no other numbers.
    /// </param>
    public static DomainCorpus Build(IEnumerable<string> documents, int maxSentences, Func<string, bool>? isWord = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSentences);
        var sentences = new List<IReadOnlyList<string>>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var acronyms = new HashSet<string>(StringComparer.Ordinal);
        var subjects = new HashSet<string>(StringComparer.Ordinal);
        var phrases = new HashSet<string>(StringComparer.Ordinal);
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

                    foreach (var phrase in NounPhrases(words))
                    {
                        phrases.Add(phrase);
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

        // Noun phrases of the text: asked about as they are written and in the other number of their last word.
        var singular = new HashSet<string>(StringComparer.Ordinal);
        var plural = new HashSet<string>(StringComparer.Ordinal);
        foreach (var phrase in phrases)
        {
            var words = phrase.Split(' ');
            var head = words[^1];
            var isPlural = Singular(head) is { } one && (counts.ContainsKey(one) || isWord?.Invoke(one) == true);
            (isPlural ? plural : singular).Add(phrase);
            if (isWord is null)
            {
                continue;
            }

            var other = isPlural ? Singular(head) : Plural(head);
            if (other is not null && (counts.ContainsKey(other) || isWord(other)))
            {
                var otherPhrase = string.Join(' ', words[..^1].Append(other));
                (isPlural ? singular : plural).Add(otherPhrase);
                if (!counts.ContainsKey(other))
                {
                    counts[other] = 1;
                }
            }
        }

        AddQuestions(sentences, singular.Except(subjects), NounTemplates, maxSentences);
        AddQuestions(sentences, plural, PluralTemplates, maxSentences);
        if (isWord is not null)
        {
            SplitAcronymCompounds(sentences, counts, acronyms, isWord);
        }

        return new DomainCorpus(sentences, counts, acronyms);
    }

    /// <summary>
    /// A name written as one word out of a word and an acronym ("chatapi" = chat + API) is said as two: the corpus
    /// has the two words, so the transcript is what was said ("chat api"), not the written name.
    /// </summary>
    private static void SplitAcronymCompounds(
        List<IReadOnlyList<string>> sentences, Dictionary<string, int> counts, HashSet<string> acronyms, Func<string, bool> isWord)
    {
        bool Part(string part) => acronyms.Contains(part) || (part.Length >= 3 && isWord(part));
        var splits = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var word in counts.Keys.Where(w => !isWord(w) && !acronyms.Contains(w)))
        {
            for (var at = word.Length - 2; at >= 2; at--)
            {
                var (head, tail) = (word[..at], word[at..]);
                if ((acronyms.Contains(head) || acronyms.Contains(tail)) && Part(head) && Part(tail))
                {
                    splits[word] = [head, tail];
                    break;
                }
            }
        }

        if (splits.Count == 0)
        {
            return;
        }

        for (var i = 0; i < sentences.Count; i++)
        {
            if (sentences[i].Any(splits.ContainsKey))
            {
                sentences[i] = [.. sentences[i].SelectMany(w => splits.TryGetValue(w, out var parts) ? parts : [w])];
            }
        }

        foreach (var (word, parts) in splits)
        {
            var count = counts[word];
            counts.Remove(word);
            foreach (var part in parts)
            {
                counts[part] = counts.GetValueOrDefault(part) + count;
            }
        }
    }

    /// <summary>The plural of an English noun by the regular rules ("voice" → "voices", "policy" → "policies").</summary>
    public static string Plural(string noun) =>
        noun.EndsWith('y') && noun.Length > 2 && !"aeiou".Contains(noun[^2]) ? noun[..^1] + "ies"
        : noun.EndsWith('s') || noun.EndsWith('x') || noun.EndsWith('z') || noun.EndsWith("ch", StringComparison.Ordinal) || noun.EndsWith("sh", StringComparison.Ordinal) ? noun + "es"
        : noun + "s";

    /// <summary>The singular of a regular English plural ("passages" → "passage", "policies" → "policy"); null when the word does not look plural.</summary>
    public static string? Singular(string noun) =>
        noun.Length < 4 || !noun.EndsWith('s') || noun.EndsWith("ss", StringComparison.Ordinal) || noun.EndsWith("us", StringComparison.Ordinal) || noun.EndsWith("is", StringComparison.Ordinal) ? null
        : noun.EndsWith("ies", StringComparison.Ordinal) ? noun[..^3] + "y"
        : noun.EndsWith("sses", StringComparison.Ordinal) || noun.EndsWith("xes", StringComparison.Ordinal) || noun.EndsWith("ches", StringComparison.Ordinal) || noun.EndsWith("shes", StringComparison.Ordinal) ? noun[..^2]
        : noun[..^1];

    private static void AddQuestions(List<IReadOnlyList<string>> sentences, IEnumerable<string> subjects, string[] templates, int maxSentences)
    {
        foreach (var subject in subjects.Order(StringComparer.Ordinal))
        {
            foreach (var template in templates)
            {
                if (sentences.Count >= maxSentences)
                {
                    return;
                }

                sentences.Add(Words(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, subject)));
            }
        }
    }

    /// <summary>Runs of one to three content words after a determiner: "the voice processing breaker" → "voice processing breaker".</summary>
    private static IEnumerable<string> NounPhrases(List<string> words)
    {
        for (var i = 0; i < words.Count - 1; i++)
        {
            if (!Determiners.Contains(words[i]))
            {
                continue;
            }

            var end = i + 1;
            while (end < words.Count && end - i <= 3 && !PhraseStopWords.Contains(words[end]))
            {
                end++;
            }

            if (end > i + 1)
            {
                yield return string.Join(' ', words[(i + 1)..end]);
            }
        }
    }

    /// <summary>The spoken words of <paramref name="text"/>: letters and apostrophes, lower case; "rag_api" and "half-open" become two words each.</summary>
    public static List<string> Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            // An identifier written in camel case is said as its words: "BreakDuration" is "break duration".
            if (char.IsAsciiLetterUpper(c) && i > 0 && char.IsAsciiLetterLower(text[i - 1]))
            {
                Flush(current, words);
            }

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
