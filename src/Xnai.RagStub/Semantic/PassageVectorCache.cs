using System.Security.Cryptography;
using System.Text;

namespace Xnai.RagStub.Semantic;

/// <summary>
/// Passage vectors on disk, one file per model, keyed by SHA-256 of (model id + passage text): a restart reuses every
/// vector, an edited passage gets a new key and is the only one recomputed. The file holds the current passages only
/// (stale keys are dropped on save), so it is bounded by the corpus. A damaged or foreign file is ignored, never trusted.
/// </summary>
public sealed class PassageVectorCache(string folder, string cacheId)
{
    private const int KeyBytes = 32;

    // Guards against a damaged header asking for gigabytes.
    private const int MaxEntries = 1_000_000;
    private const int MaxDimensions = 4096;
    private static readonly byte[] s_magic = "XNAIVEC1"u8.ToArray();

    /// <summary>The cache file of this model.</summary>
    public string FilePath { get; } = Path.Combine(folder, string.Concat(cacheId.Select(c => char.IsLetterOrDigit(c) ? c : '_')) + ".vectors");

    /// <summary>The cache key of a passage text.</summary>
    public string KeyOf(string text) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(cacheId + "\n" + text)));

    /// <summary>Every cached vector by key; empty when there is no usable file.</summary>
    public Dictionary<string, float[]> Load()
    {
        var entries = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (!File.Exists(FilePath))
        {
            return entries;
        }

        try
        {
            using var reader = new BinaryReader(File.OpenRead(FilePath));
            if (!reader.ReadBytes(s_magic.Length).AsSpan().SequenceEqual(s_magic))
            {
                return entries;
            }

            var dimensions = reader.ReadInt32();
            var count = reader.ReadInt32();
            if (dimensions is < 1 or > MaxDimensions || count is < 0 or > MaxEntries
                || reader.BaseStream.Length != s_magic.Length + 8 + ((long)count * (KeyBytes + (dimensions * sizeof(float)))))
            {
                return entries;
            }

            for (var i = 0; i < count; i++)
            {
                var key = Convert.ToHexString(reader.ReadBytes(KeyBytes));
                var vector = new float[dimensions];
                for (var d = 0; d < dimensions; d++)
                {
                    vector[d] = reader.ReadSingle();
                }

                entries[key] = vector;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or EndOfStreamException)
        {
            entries.Clear();
        }

        return entries;
    }

    /// <summary>Replaces the file with <paramref name="entries"/>, atomically (a crash leaves the old file or the new one).</summary>
    public void Save(IReadOnlyList<KeyValuePair<string, float[]>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Directory.CreateDirectory(folder);
        var temporary = FilePath + ".tmp";
        using (var writer = new BinaryWriter(File.Create(temporary)))
        {
            writer.Write(s_magic);
            writer.Write(entries.Count == 0 ? 1 : entries[0].Value.Length);
            writer.Write(entries.Count);
            foreach (var (key, vector) in entries)
            {
                writer.Write(Convert.FromHexString(key));
                foreach (var value in vector)
                {
                    writer.Write(value);
                }
            }
        }

        File.Move(temporary, FilePath, overwrite: true);
    }
}
