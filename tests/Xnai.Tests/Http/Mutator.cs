using System.Text;

namespace Xnai.Tests.Http;

/// <summary>Deterministic (seeded) mutations of request bodies and headers for the fuzz-style tests.</summary>
internal sealed class Mutator(int seed)
{
    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-8", "application/json; charset=utf-16", "application/json; charset=latin1",
        "application/json; charset=nope", "application/json; charset=\"utf-8\"", "application/problem+json", "text/json",
        "text/plain", "application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=",
        "application/json;;;", "*/*", "application/octet-stream", "",
    ];

    private static readonly string[] Oddities = ["\0", "\n", "\r\n", "\u001b[31m", "\ud800", "\uffff", "😀", "\"", "\\", "{", "]", "null", "1e999", "-0", "\u2028"];

    private readonly Random _random = new(seed);

    public int Next(int max) => _random.Next(max);

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public string ContentType() => Pick(ContentTypes);

    /// <summary>One to three random edits of <paramref name="text"/>: delete, insert an oddity, duplicate, truncate, flip a byte.</summary>
    public byte[] MutateText(string text)
    {
        var builder = new StringBuilder(text);
        for (var edits = 1 + _random.Next(3); edits > 0; edits--)
        {
            var at = builder.Length == 0 ? 0 : _random.Next(builder.Length);
            switch (_random.Next(5))
            {
                case 0 when builder.Length > 0:
                    builder.Remove(at, Math.Min(builder.Length - at, 1 + _random.Next(8)));
                    break;
                case 1:
                    builder.Insert(at, Pick(Oddities));
                    break;
                case 2 when builder.Length > 0:
                    builder.Insert(at, builder.ToString(at, Math.Min(builder.Length - at, 1 + _random.Next(40))));
                    break;
                case 3:
                    builder.Length = at;
                    break;
                default:
                    builder.Insert(at, (char)_random.Next(0, 0x3000));
                    break;
            }
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>Random edits of <paramref name="bytes"/>' first <paramref name="headerBytes"/> bytes (a file header), or a cut.</summary>
    public byte[] MutateBytes(byte[] bytes, int headerBytes)
    {
        var copy = (byte[])bytes.Clone();
        for (var edits = 1 + _random.Next(4); edits > 0; edits--)
        {
            var at = _random.Next(Math.Min(headerBytes, copy.Length));
            copy[at] = _random.Next(3) switch
            {
                0 => 0,
                1 => 0xFF,
                _ => (byte)_random.Next(256),
            };
        }

        return _random.Next(6) == 0 ? copy[.._random.Next(copy.Length)] : copy;
    }

    /// <summary>A random extra header some clients send, harmless or not.</summary>
    public (string Name, string Value) Header() => Pick<(string, string)>(
    [
        ("X-Forwarded-For", $"10.0.{_random.Next(256)}.{_random.Next(256)}"),
        ("Content-Encoding", "gzip"),
        ("Accept", "application/xml"),
        ("Accept-Charset", "nope"),
        ("X-Admin-Key", "wrong"),
        ("Expect", "100-continue"),
        ("Transfer-Encoding", "identity"),
        ("X-Long", new string('x', 4_000)),
    ]);
}
