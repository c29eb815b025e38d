namespace Xnai.VoiceWorker.Speech.Domain;

/// <summary>
/// The 39 phones of the CMU dictionary (the phone set of pocketsphinx's en-us acoustic model) and the mapping of
/// flite's letter-to-sound output (<c>t2p</c>) onto them: flite writes the same phones in lower case with stress
/// digits, <c>ax</c> for the reduced vowel and <c>pau</c> for the pauses around a word.
/// </summary>
public static class PhoneSet
{
    private static readonly HashSet<string> Cmu = new(StringComparer.Ordinal)
    {
        "AA", "AE", "AH", "AO", "AW", "AY", "B", "CH", "D", "DH", "EH", "ER", "EY", "F", "G", "HH", "IH", "IY", "JH",
        "K", "L", "M", "N", "NG", "OW", "OY", "P", "R", "S", "SH", "T", "TH", "UH", "UW", "V", "W", "Y", "Z", "ZH",
    };

    /// <summary>True when <paramref name="phone"/> is one of the CMU phones.</summary>
    public static bool IsCmuPhone(string phone) => Cmu.Contains(phone);

    /// <summary>flite phones (e.g. <c>pau r iy1 d ih0 s pau</c>) as CMU phones (<c>R IY D IH S</c>); null when one has no CMU equivalent.</summary>
    public static string? FromFlite(string flitePhones)
    {
        var result = new List<string>();
        foreach (var token in flitePhones.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var phone = token.TrimEnd('0', '1', '2').ToUpperInvariant();
            if (phone is "PAU" or "")
            {
                continue;
            }

            phone = phone switch
            {
                "AX" => "AH",
                "AXR" => "ER",
                "DX" => "D",
                _ => phone,
            };
            if (!Cmu.Contains(phone))
            {
                return null;
            }

            result.Add(phone);
        }

        return result.Count == 0 ? null : string.Join(' ', result);
    }

    /// <summary>How each letter is said when a word is spelled out ("R A G"), in CMU phones.</summary>
    public static string? Letter(char letter) => char.ToLowerInvariant(letter) switch
    {
        'a' => "EY", 'b' => "B IY", 'c' => "S IY", 'd' => "D IY", 'e' => "IY", 'f' => "EH F", 'g' => "JH IY",
        'h' => "EY CH", 'i' => "AY", 'j' => "JH EY", 'k' => "K EY", 'l' => "EH L", 'm' => "EH M", 'n' => "EH N",
        'o' => "OW", 'p' => "P IY", 'q' => "K Y UW", 'r' => "AA R", 's' => "EH S", 't' => "T IY", 'u' => "Y UW",
        'v' => "V IY", 'w' => "D AH B AH L Y UW", 'x' => "EH K S", 'y' => "W AY", 'z' => "Z IY",
        _ => null,
    };

    /// <summary>The pronunciation of <paramref name="word"/> spelled letter by letter; null for a non-letter.</summary>
    public static string? SpelledOut(string word)
    {
        var parts = new List<string>(word.Length);
        foreach (var c in word)
        {
            if (Letter(c) is not { } phones)
            {
                return null;
            }

            parts.Add(phones);
        }

        return parts.Count == 0 ? null : string.Join(' ', parts);
    }
}
