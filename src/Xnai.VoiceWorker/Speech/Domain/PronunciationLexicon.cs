namespace Xnai.VoiceWorker.Speech.Domain;

/// <summary>
/// The first pronunciation of every word of a pocketsphinx dictionary (<c>word PH ON ES</c> per line, variants as
/// <c>word(2)</c>). About 134,000 words for Debian's cmudict; read once while building the domain vocabulary.
/// </summary>
public sealed class PronunciationLexicon
{
    private readonly Dictionary<string, string> _first;

    private PronunciationLexicon(Dictionary<string, string> first) => _first = first;

    /// <summary>Words in the dictionary.</summary>
    public int Count => _first.Count;

    /// <summary>Parses dictionary lines.</summary>
    public static PronunciationLexicon Parse(IEnumerable<string> lines)
    {
        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0)
            {
                continue;
            }

            var word = line[..space];
            if (word.EndsWith(')'))
            {
                continue;
            }

            first.TryAdd(word, line[(space + 1)..].Trim());
        }

        return new PronunciationLexicon(first);
    }

    /// <summary>Reads a dictionary file.</summary>
    public static PronunciationLexicon Load(string path) => Parse(File.ReadLines(path));

    /// <summary>True when the dictionary has <paramref name="word"/>.</summary>
    public bool Contains(string word) => _first.ContainsKey(word);

    /// <summary>The first pronunciation of <paramref name="word"/>, or null.</summary>
    public string? Pronounce(string word) => _first.GetValueOrDefault(word);
}
