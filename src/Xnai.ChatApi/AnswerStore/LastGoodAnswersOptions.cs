using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Xnai.ChatApi.AnswerStore;

/// <summary>
/// The last-good-answer store (issue 30), bound from <c>Xnai:ChatApi:LastGoodAnswers</c>. Every bound is here: entries
/// in Redis (<see cref="MaxEntries"/>, <see cref="MaxAge"/>), entries in memory (<see cref="LocalMaxEntries"/>), answers
/// waiting to be written (<see cref="WriteQueueCapacity"/>), and the time a lookup may take (<see cref="LookupTimeout"/>).
/// </summary>
public sealed class LastGoodAnswersOptions
{
    public const string SectionName = "Xnai:ChatApi:LastGoodAnswers";

    /// <summary>Off: rag outages are answered with today's apology only, and nothing is stored.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Answers kept in Redis (shared by replicas); the oldest are trimmed by the script that writes.</summary>
    [Range(1, 100_000)]
    public int MaxEntries { get; set; } = 2000;

    /// <summary>Oldest answer served; older ones are never served and are trimmed on the next write.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Answers kept in this replica's memory: the tier that serves when Redis is down too.</summary>
    [Range(1, 100_000)]
    public int LocalMaxEntries { get; set; } = 200;

    /// <summary>Live answers waiting to be embedded and written; when full the oldest waiting one is dropped.</summary>
    [Range(1, 100_000)]
    public int WriteQueueCapacity { get; set; } = 256;

    /// <summary>
    /// Deadline of one lookup (Redis reads and embedding the question together): a slow or hung embedder or Redis must
    /// not turn the fast fallback into a slow one. At the deadline the exact match (already tried) is all there is.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan LookupTimeout { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Deadline of embedding a live answer's query before it is written (without a vector, exact match only, past it).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan WriteEmbeddingTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Semantic match: embed questions with MiniLM (in process). Off: exact normalised match only.</summary>
    public bool SemanticMatch { get; set; } = true;

    /// <summary>
    /// Cosine similarity at or above which two questions with the same key terms match
    /// (<see cref="AnswerMatcher.DefaultSimilarityThreshold"/>, measured on the pairs set).
    /// </summary>
    [Range(0.5, 1.0)]
    public double SimilarityThreshold { get; set; } = AnswerMatcher.DefaultSimilarityThreshold;

    /// <summary>Semantic candidates (most similar first) checked for key terms and index version per lookup.</summary>
    [Range(1, 100)]
    public int SemanticCandidates { get; set; } = 5;

    /// <summary>
    /// How long a replica reuses the vectors it read from Redis for semantic lookups (0: read them for every lookup).
    /// During an outage every question is a lookup; reading 2,000 vectors (3 MB) for each would load Redis for nothing.
    /// This replica's own writes refresh it at once; other replicas' answers show within this time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan VectorSnapshotMaxAge { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Prefix of the Redis keys (a hash of entries, a hash of vectors, a sorted set by time, the index version).</summary>
    [Required]
    [MinLength(1)]
    public string KeyPrefix { get; set; } = "xnai:answers";
}

/// <summary>The data annotations of <see cref="LastGoodAnswersOptions"/>, checked by generated code (no reflection at start).</summary>
[OptionsValidator]
internal sealed partial class LastGoodAnswersOptionsValidator : IValidateOptions<LastGoodAnswersOptions>;
