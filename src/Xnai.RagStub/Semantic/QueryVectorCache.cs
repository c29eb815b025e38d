using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Xnai.RagStub.Semantic;

/// <summary>
/// Query vectors by normalised query text, at most <see cref="SemanticOptions.QueryCacheEntries"/> of them (0 turns the
/// cache off). A repeated question skips the encoder; the load figures of issue 27 are given with it on and off.
/// Built on <see cref="MemoryCache"/> with a size limit of one unit per vector: when full, a new vector is not kept and
/// the cache compacts (least recently used first) in the background.
/// </summary>
public sealed class QueryVectorCache : IDisposable
{
    private readonly MemoryCache? _cache;

    /// <summary>Creates the cache with the configured bound.</summary>
    public QueryVectorCache(IOptions<SemanticOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var entries = options.Value.QueryCacheEntries;
        _cache = entries == 0 ? null : new MemoryCache(new MemoryCacheOptions { SizeLimit = entries, CompactionPercentage = 0.1 });
    }

    /// <summary>False when the configured bound is 0.</summary>
    public bool Enabled => _cache is not null;

    /// <summary>Vectors kept right now.</summary>
    public int Count => _cache?.Count ?? 0;

    /// <summary>The cached vector of <paramref name="query"/>, if any.</summary>
    public bool TryGet(string query, out float[] vector)
    {
        vector = [];
        return _cache is not null && _cache.TryGetValue(Key(query), out vector!);
    }

    /// <summary>Keeps <paramref name="vector"/> as <paramref name="query"/>'s (callers must not change it afterwards).</summary>
    public void Set(string query, float[] vector) =>
        _cache?.Set(Key(query), vector, new MemoryCacheEntryOptions { Size = 1 });

    /// <summary>
    /// Case folded and runs of white space made one space: both models lower-case their input and split on white space,
    /// so texts with the same key encode to the same vector.
    /// </summary>
    internal static string Key(string query)
    {
        var key = new StringBuilder(query.Length);
        var space = false;
        foreach (var c in query.AsSpan().Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                key.Append(' ');
                space = false;
            }

            key.Append(char.ToLowerInvariant(c));
        }

        return key.ToString();
    }

    /// <inheritdoc />
    public void Dispose() => _cache?.Dispose();
}
