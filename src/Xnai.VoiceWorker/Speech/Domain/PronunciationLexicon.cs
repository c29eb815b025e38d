namespace Xnai.VoiceWorker.Speech.Domain;

/// <summary>
/// The first pronunciation of every word of a pocketsphinx dictionary (<c>word PH ON ES</c> per line, variants as
/// <c>word(2)</c>), and every variant for <see cref="Has"/>. About 134,000 words for Debian's cmudict; read once while building the domain vocabulary.
/// </summary>
public sealed class PronunciationLexicon
{
    private readonly Dictionary<string, string> _first;
    private readonly Dictionary<string, List<string>> _all;

    private PronunciationLexicon(Dictionary<string, string> first, Dictionary<string, List<string>> all)
    {
        _first = first;
        _all = all;
    }

    /// <summary>Words in the dictionary.</summary>
    public int Count => _first.Count;

    /// <summary>Parses dictionary lines.</summary>
    public static PronunciationLexicon Parse(IEnumerable<string> lines)
    {
        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        var all = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0)
            {
                continue;
            }

            var word = line[..space];
            var phones = line[(space + 1)..].Trim();
            var variant = word.EndsWith(')') ? word.LastIndexOf('(') : -1;
            var bare = variant > 0 ? word[..variant] : word;
            if (!all.TryGetValue(bare, out var list))
            {
                all[bare] = list = [];
            }

            list.Add(phones);
            if (variant < 0)
            {
                first.TryAdd(word, phones);
            }
        }

        return new PronunciationLexicon(first, all);
    }

    /// <summary>Reads a dictionary file.</summary>
    public static PronunciationLexicon Load(string path) => Parse(File.ReadLines(path));

    /// <summary>True when the dictionary has <paramref name="word"/>.</summary>
    public bool Contains(string word) => _first.ContainsKey(word);

    /// <summary>True when one of <paramref name="word"/>'s pronunciations (its variants included) is <paramref name="phones"/>.</summary>
    public bool Has(string word, string phones) => _all.TryGetValue(word, out var list) && list.Contains(phones, StringComparer.Ordinal);

    /// <summary>The first pronunciation of <paramref name="word"/>, or null.</summary>
    public string? Pronounce(string word) => _first.GetValueOrDefault(word);
}
