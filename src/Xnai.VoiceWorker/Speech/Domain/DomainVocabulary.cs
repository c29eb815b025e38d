namespace Xnai.VoiceWorker.Speech.Domain;

/// <summary>One generated dictionary line: a word and its pronunciation in CMU phones.</summary>
public sealed record Pronunciation(string Word, string Phones);

/// <summary>
/// Pronunciations for the knowledge base's words that the shipped dictionary lacks, in this order of preference:
/// a compound of two dictionary words or spelled acronyms ("chatapi" = chat + A P I, "pocketsphinx" = pocket +
/// sphinx), else flite's letter-to-sound rules; a compound also gets letter-to-sound's reading as a variant, and so does a dictionary word that letter-to-sound
/// reads otherwise (flite, the product's own voice, says it that way). Acronyms (words written in capitals in the documents, such as
/// RAG or API) also get a spelled-out variant, because people say them letter by letter.
/// </summary>
public static class DomainVocabulary
{
    /// <summary>Variant numbers used for the generated alternatives; cmudict's own variants stay below this.</summary>
    public const int FirstVariant = 11;

    /// <summary>Builds the generated entries for at most <paramref name="maxWords"/> words (most frequent first).</summary>
    /// <param name="wordCounts">Corpus words (lower case) and how often they occur.</param>
    /// <param name="acronyms">Words (lower case) the documents write in capitals.</param>
    /// <param name="lexicon">The shipped dictionary.</param>
    /// <param name="letterToSound">flite phones for a word (<c>t2p</c>), or null.</param>
    /// <param name="maxWords">Bound on generated words.</param>
    public static IReadOnlyList<Pronunciation> Build(
        IReadOnlyDictionary<string, int> wordCounts,
        IReadOnlySet<string> acronyms,
        PronunciationLexicon lexicon,
        Func<string, string?> letterToSound,
        int maxWords)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxWords);
        var result = new List<Pronunciation>();
        var words = 0;
        foreach (var (word, _) in wordCounts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal))
        {
            if (words >= maxWords)
            {
                break;
            }

            var variant = FirstVariant;
            var known = lexicon.Contains(word);
            if (!known)
            {
                // A compound's split may be wrong ("grafana" is not graf + ana): letter-to-sound's reading is kept
                // beside it as a variant, and the decoder takes whichever the audio matches.
                var compound = Compound(word, acronyms, lexicon);
                var flite = FromLetterToSound(word, letterToSound);
                var phones = compound ?? flite;
                if (phones is null)
                {
                    continue;
                }

                result.Add(new Pronunciation(word, phones));
                if (compound is not null && flite is not null && !string.Equals(compound, flite, StringComparison.Ordinal))
                {
                    result.Add(new Pronunciation($"{word}({variant++})", flite));
                }

                words++;
            }
            else if (!acronyms.Contains(word) && FromLetterToSound(word, letterToSound) is { } reading && !lexicon.Has(word, reading))
            {
                // A dictionary word that flite reads otherwise ("prometheus": P R AA M TH OY Z): the product's own
                // voice says it that way, so that reading is a variant too.
                result.Add(new Pronunciation($"{word}({variant++})", reading));
                words++;
            }

            if (acronyms.Contains(word) && PhoneSet.SpelledOut(word) is { } spelled
                && !result.Any(e => e.Phones == spelled && (e.Word == word || e.Word.StartsWith(word + "(", StringComparison.Ordinal))))
            {
                result.Add(new Pronunciation(known ? $"{word}({variant++})" : $"{word}({variant++})", spelled));
                if (known)
                {
                    words++;
                }
            }
        }

        return result;
    }

    /// <summary>The word as two parts, each a dictionary word of 3+ letters or a known acronym; null when none.</summary>
    public static string? Compound(string word, IReadOnlySet<string> acronyms, PronunciationLexicon lexicon)
    {
        // The longest first part wins: "voiceworker" is voice + worker, not voic + eworker.
        for (var split = word.Length - 2; split >= 2; split--)
        {
            var head = Part(word[..split], acronyms, lexicon);
            var tail = head is null ? null : Part(word[split..], acronyms, lexicon);
            if (head is not null && tail is not null)
            {
                return $"{head} {tail}";
            }
        }

        return null;
    }

    private static string? Part(string part, IReadOnlySet<string> acronyms, PronunciationLexicon lexicon)
    {
        if (acronyms.Contains(part))
        {
            return PhoneSet.SpelledOut(part);
        }

        return part.Length >= 3 ? lexicon.Pronounce(part) : null;
    }

    private static string? FromLetterToSound(string word, Func<string, string?> letterToSound) =>
        letterToSound(word) is { } flite ? PhoneSet.FromFlite(flite) : null;
}
