using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Xnai.ChatApi.Dependencies;

namespace Xnai.ChatApi.AnswerStore;

/// <summary>
/// The last good knowledge-base answers (issue 30): written after every good live answer, read only when rag cannot
/// answer. Two tiers: Redis, shared by the replicas and bounded by <see cref="LastGoodAnswersOptions.MaxEntries"/> and
/// <see cref="LastGoodAnswersOptions.MaxAge"/>, and <see cref="LocalAnswerTier"/> in memory, which serves when Redis is
/// down too. A lookup tries the exact normalised query, then the most similar stored questions (cosine of MiniLM
/// vectors) that also pass <see cref="AnswerMatcher"/>'s key-term rule, all within
/// <see cref="LastGoodAnswersOptions.LookupTimeout"/>.
/// </summary>
/// <remarks>
/// <para>
/// Why not FusionCache or HybridCache: both are key-value caches (get by key, fail-safe per key), and the semantic
/// lookup has to scan every candidate's vector, which neither can enumerate, so the index (a sorted set by time and a
/// hash of vectors) would be ours anyway and the cache would only add a second copy. Their clocks are not the
/// <see cref="TimeProvider"/> either (FusionCache 2.9 reads the system clock), and "age and expiry exact on the fake
/// clock" is a rule here. So the store is three Redis structures written by one Lua script, plus a bounded dictionary.
/// </para>
/// <para>
/// Redis layout under <see cref="LastGoodAnswersOptions.KeyPrefix"/>: <c>:entries</c> hash (key → entry JSON),
/// <c>:vectors</c> hash (key → answeredAt as 8 bytes, then 384 floats), <c>:by-time</c> sorted set (key by answeredAt,
/// the trim order) and <c>:index-version</c> (the newest index version rag reported). A semantic lookup reads the
/// vectors hash whole (about 3 MB at 2,000 entries), at most once per
/// <see cref="LastGoodAnswersOptions.VectorSnapshotMaxAge"/> per replica, within the lookup deadline.
/// The store's Redis calls do not go through the <c>redis</c> breaker: they are optional (the local tier covers them)
/// and must not change what the breaker counts for the session store.
/// </para>
/// </remarks>
public sealed class LastGoodAnswerStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IConnectionMultiplexer _redis;
    private readonly QuestionEmbedder _embedder;
    private readonly IOptionsMonitor<LastGoodAnswersOptions> _options;
    private readonly AnswerStoreMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<LastGoodAnswerStore> _logger;
    private readonly Channel<StoredAnswer> _writes;
    private readonly LuaScript _write = LuaScript.Prepare(WriteScript);
    private string? _lastIndexVersion;
    private VectorSnapshot? _snapshot;
    private long _sharedCount;

    public LastGoodAnswerStore(
        IConnectionMultiplexer redis,
        QuestionEmbedder embedder,
        IOptionsMonitor<LastGoodAnswersOptions> options,
        AnswerStoreMetrics metrics,
        TimeProvider timeProvider,
        ILogger<LastGoodAnswerStore> logger)
    {
        _redis = redis;
        _embedder = embedder;
        _options = options;
        _metrics = metrics;
        _time = timeProvider;
        _logger = logger;
        var settings = options.CurrentValue;
        Local = new LocalAnswerTier(settings.LocalMaxEntries);
        _writes = Channel.CreateBounded<StoredAnswer>(new BoundedChannelOptions(settings.WriteQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
    }

    /// <summary>This replica's in-memory tier.</summary>
    public LocalAnswerTier Local { get; }

    /// <summary>Entries in Redis as of this replica's last write (-1 before any).</summary>
    public long SharedCountAtLastWrite => Interlocked.Read(ref _sharedCount) - 1;

    internal ChannelReader<StoredAnswer> PendingWrites => _writes.Reader;

    /// <summary>
    /// Keeps a good live answer (one with sources) to <paramref name="query"/>, the query sent to rag. Returns at once: the
    /// answer is embedded and written in the background (<see cref="AnswerStoreWriter"/>), so a live answer never waits for it.
    /// </summary>
    public void Remember(string query, RagAnswer answer)
    {
        if (!_options.CurrentValue.Enabled || answer.Sources.Count == 0 || string.IsNullOrWhiteSpace(answer.Answer))
        {
            return;
        }

        if (answer.IndexVersion is { } version)
        {
            Volatile.Write(ref _lastIndexVersion, version);
        }

        _writes.Writer.TryWrite(new StoredAnswer(query, answer.Answer, answer.Sources, answer.Retrieval, _time.GetUtcNow(), answer.IndexVersion));
    }

    /// <summary>Embeds <paramref name="entry"/>'s query (within its deadline) and writes it to both tiers.</summary>
    internal async Task WriteAsync(StoredAnswer entry, CancellationToken stopping)
    {
        var settings = _options.CurrentValue;
        float[]? vector = null;
        if (settings.SemanticMatch)
        {
            using var deadline = new CancellationTokenSource(settings.WriteEmbeddingTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, deadline.Token);
            try
            {
                vector = await _embedder.EmbedAsync(entry.Query, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !stopping.IsCancellationRequested)
            {
                _logger.LogDebug("Embedding a stored answer's query timed out; it is kept for exact match only");
            }
        }

        var key = KeyOf(entry.Query);
        Local.Put(key, entry, vector);
        Volatile.Write(ref _snapshot, null);
        _metrics.RecordWrite("local", ok: true);
        try
        {
            var now = _time.GetUtcNow();
            var result = await _redis.GetDatabase().ScriptEvaluateAsync(_write, new
            {
                entries = (RedisKey)Key(settings, "entries"),
                vectors = (RedisKey)Key(settings, "vectors"),
                byTime = (RedisKey)Key(settings, "by-time"),
                version = (RedisKey)Key(settings, "index-version"),
                field = key,
                json = JsonSerializer.Serialize(entry, Json),
                vector = vector is null ? RedisValue.EmptyString : (RedisValue)Pack(entry.AnsweredAt, vector),
                score = entry.AnsweredAt.ToUnixTimeMilliseconds(),
                cutoff = (now - settings.MaxAge).ToUnixTimeMilliseconds(),
                max = settings.MaxEntries,
                ttl = (long)Math.Ceiling(settings.MaxAge.TotalSeconds),
                indexVersion = entry.IndexVersion ?? string.Empty,
            }).ConfigureAwait(false);
            Interlocked.Exchange(ref _sharedCount, (long)result + 1);
            _metrics.RecordWrite("redis", ok: true);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            _metrics.RecordWrite("redis", ok: false);
            _logger.LogDebug(ex, "Answer kept in memory only: Redis did not take it");
        }
    }

    /// <summary>
    /// The stored answer that may stand in for rag's answer to <paramref name="query"/>, or null (today's apology). Only
    /// called when rag could not answer. Never takes longer than <see cref="LastGoodAnswersOptions.LookupTimeout"/>.
    /// </summary>
    public async Task<StaleHit?> LookupAsync(string query, CancellationToken cancellationToken)
    {
        var settings = _options.CurrentValue;
        if (!settings.Enabled)
        {
            return null;
        }

        using var deadline = new CancellationTokenSource(settings.LookupTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var (hit, outcome) = await FindAsync(query, settings, _time.GetUtcNow(), deadline, linked.Token).ConfigureAwait(false);
        _metrics.RecordLookup(outcome);
        if (hit is not null)
        {
            _metrics.RecordServed(hit);
        }

        return hit;
    }

    /// <summary>Entries in Redis now (null when Redis does not answer within <paramref name="timeout"/>).</summary>
    public async Task<long?> CountSharedAsync(TimeSpan timeout)
    {
        try
        {
            return await _redis.GetDatabase().SortedSetLengthAsync(Key(_options.CurrentValue, "by-time")).WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return null;
        }
    }

    private async Task<(StaleHit? Hit, string Outcome)> FindAsync(
        string query, LastGoodAnswersOptions settings, DateTimeOffset now, CancellationTokenSource deadline, CancellationToken token)
    {
        var key = KeyOf(query);
        var db = _redis.GetDatabase();
        var shared = true;
        var lastVersion = Volatile.Read(ref _lastIndexVersion);
        StoredAnswer? exact;
        try
        {
            var entry = db.HashGetAsync(Key(settings, "entries"), key);
            var version = db.StringGetAsync(Key(settings, "index-version"));
            await Task.WhenAll(entry, version).WaitAsync(token).ConfigureAwait(false);
            // This replica's own answer may be in memory before the Redis write behind it has landed (the writer puts it
            // in the in-process tier first): a question asked again in that moment still finds it.
            exact = Deserialize(entry.Result) ?? Local.Get(key);
            if (!version.Result.IsNullOrEmpty)
            {
                lastVersion = version.Result;
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException || (ex is OperationCanceledException && deadline.IsCancellationRequested))
        {
            // Redis is down (or too slow for this lookup): this replica's own answers are what there is.
            shared = false;
            exact = Local.Get(key);
        }

        if (exact is not null && Servable(exact, settings, now, lastVersion) is { } exactAge
            && AnswerMatcher.Match(exact.Query, query, similarity: null) == MatchKind.Exact)
        {
            return (new StaleHit(exact, MatchKind.Exact, exactAge), LookupOutcomes.Exact);
        }

        if (!settings.SemanticMatch)
        {
            return (null, LookupOutcomes.Miss);
        }

        try
        {
            var vector = await _embedder.EmbedAsync(query, token).ConfigureAwait(false);
            if (vector is null)
            {
                return (null, LookupOutcomes.Miss);
            }

            var candidates = shared
                ? await SharedCandidatesAsync(db, settings, vector, now, token).ConfigureAwait(false)
                : LocalCandidates(settings, vector, now);
            foreach (var (candidate, similarity) in candidates)
            {
                if (Servable(candidate, settings, now, lastVersion) is { } candidateAge
                    && AnswerMatcher.Match(candidate.Query, query, similarity, settings.SimilarityThreshold) != MatchKind.None)
                {
                    return (new StaleHit(candidate, MatchKind.Semantic, candidateAge), LookupOutcomes.Semantic);
                }
            }

            return (null, LookupOutcomes.Miss);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return (null, LookupOutcomes.TimedOut);
        }
    }

    private async Task<IReadOnlyList<(StoredAnswer Entry, double Similarity)>> SharedCandidatesAsync(
        IDatabase db, LastGoodAnswersOptions settings, float[] vector, DateTimeOffset now, CancellationToken token)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot is null || now - snapshot.ReadAt > settings.VectorSnapshotMaxAge || now < snapshot.ReadAt)
        {
            HashEntry[] read;
            try
            {
                read = await db.HashGetAllAsync(Key(settings, "vectors")).WaitAsync(token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                return LocalCandidates(settings, vector, now);
            }

            snapshot = new VectorSnapshot(now, [.. read
                .Select(v => (Key: (string)v.Name!, Packed: (byte[])v.Value!))
                .Where(v => v.Packed.Length > sizeof(long))
                .Select(v => (v.Key, Unpacked(v.Packed).AnsweredAt, Unpacked(v.Packed).Vector))]);
            Volatile.Write(ref _snapshot, snapshot);
        }

        var best = snapshot.Vectors
            .Where(v => now - v.AnsweredAt <= settings.MaxAge)
            .Select(v => (v.Key, Similarity: QuestionEmbedder.Cosine(v.Vector, vector)))
            .Where(v => v.Similarity >= settings.SimilarityThreshold)
            .OrderByDescending(v => v.Similarity)
            .Take(settings.SemanticCandidates)
            .ToList();
        if (best.Count == 0)
        {
            return [];
        }

        var entries = await db.HashGetAsync(Key(settings, "entries"), [.. best.Select(b => (RedisValue)b.Key)]).WaitAsync(token).ConfigureAwait(false);
        return [.. best.Zip(entries).Select(p => (Entry: Deserialize(p.Second), p.First.Similarity)).Where(p => p.Entry is not null).Select(p => (p.Entry!, p.Similarity))];
    }

    private List<(StoredAnswer Entry, double Similarity)> LocalCandidates(LastGoodAnswersOptions settings, float[] vector, DateTimeOffset now) =>
        [.. Local.WithVectors()
            .Where(e => now - e.Entry.AnsweredAt <= settings.MaxAge)
            .Select(e => (e.Entry, Similarity: QuestionEmbedder.Cosine(e.Vector, vector)))
            .Where(e => e.Similarity >= settings.SimilarityThreshold)
            .OrderByDescending(e => e.Similarity)
            .Take(settings.SemanticCandidates)];

    /// <summary>
    /// The age of <paramref name="entry"/> when it may be served, else null: not older than
    /// <see cref="LastGoodAnswersOptions.MaxAge"/> (an answer exactly MaxAge old is still served), and from the index
    /// version rag last reported. Index versions are opaque, and an index is only ever replaced by a newer one, so any
    /// version other than the last seen is older; an entry without a version predates versioning and is older too.
    /// </summary>
    internal static TimeSpan? Servable(StoredAnswer entry, LastGoodAnswersOptions settings, DateTimeOffset now, string? lastIndexVersion)
    {
        // Another replica's clock may be slightly ahead: an answer "from the future" is zero seconds old.
        var age = now - entry.AnsweredAt;
        age = age < TimeSpan.Zero ? TimeSpan.Zero : age;
        if (age > settings.MaxAge)
        {
            return null;
        }

        return lastIndexVersion is null || string.Equals(entry.IndexVersion, lastIndexVersion, StringComparison.Ordinal) ? age : null;
    }

    /// <summary>The store key of a query: SHA-256 of its normalised form (queries can be long).</summary>
    internal static string KeyOf(string query) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(AnswerMatcher.Normalize(query))))[..32];

    private static string Key(LastGoodAnswersOptions settings, string name) => $"{settings.KeyPrefix}:{name}";

    private static StoredAnswer? Deserialize(RedisValue value)
    {
        if (value.IsNullOrEmpty)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<StoredAnswer>((string)value!, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static byte[] Pack(DateTimeOffset answeredAt, float[] vector)
    {
        var bytes = new byte[sizeof(long) + (vector.Length * sizeof(float))];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, answeredAt.ToUnixTimeMilliseconds());
        MemoryMarshal.AsBytes(vector.AsSpan()).CopyTo(bytes.AsSpan(sizeof(long)));
        return bytes;
    }

    private static (DateTimeOffset AnsweredAt, float[] Vector) Unpacked(byte[] packed) =>
        (DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(packed)),
         MemoryMarshal.Cast<byte, float>(packed.AsSpan(sizeof(long))).ToArray());

    /// <summary>The vectors read from Redis at <see cref="ReadAt"/>, reused for <see cref="LastGoodAnswersOptions.VectorSnapshotMaxAge"/>.</summary>
    private sealed record VectorSnapshot(DateTimeOffset ReadAt, IReadOnlyList<(string Key, DateTimeOffset AnsweredAt, float[] Vector)> Vectors);

    // One script per write: the entry, its vector and its place in time go in together, then everything older than
    // MaxAge and beyond MaxEntries (oldest first) goes out, so Redis never holds more than the bounds, not even between
    // two commands. Returns the number of entries kept.
    private const string WriteScript =
        """
        redis.call('HSET', @entries, @field, @json)
        if @vector == '' then
          redis.call('HDEL', @vectors, @field)
        else
          redis.call('HSET', @vectors, @field, @vector)
        end
        redis.call('ZADD', @byTime, @score, @field)
        if @indexVersion ~= '' then
          redis.call('SET', @version, @indexVersion)
        end
        local function drop(fields)
          for _, f in ipairs(fields) do
            redis.call('HDEL', @entries, f)
            redis.call('HDEL', @vectors, f)
            redis.call('ZREM', @byTime, f)
          end
        end
        drop(redis.call('ZRANGEBYSCORE', @byTime, '-inf', '(' .. @cutoff))
        local excess = redis.call('ZCARD', @byTime) - tonumber(@max)
        if excess > 0 then
          drop(redis.call('ZRANGE', @byTime, 0, excess - 1))
        end
        redis.call('EXPIRE', @entries, @ttl)
        redis.call('EXPIRE', @vectors, @ttl)
        redis.call('EXPIRE', @byTime, @ttl)
        redis.call('EXPIRE', @version, @ttl)
        return redis.call('ZCARD', @byTime)
        """;
}
