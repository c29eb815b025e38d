using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Xnai.RagStub.Semantic;

/// <summary>The semantic (dense-vector) retrieval tier; bound from <c>Xnai:Rag:Semantic</c>.</summary>
public sealed class SemanticOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Xnai:Rag:Semantic";

    /// <summary>Name of the tier's circuit breaker (its options live under <c>Xnai:Breakers:rag_semantic</c>).</summary>
    public const string BreakerName = Xnai.Contracts.XnaiDependencies.RagSemantic;

    /// <summary>False answers with BM25 alone and loads no model (not reported as a fallback).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Embedding model: <c>minilm</c> (all-MiniLM-L6-v2) or <c>arctic-xs</c> (snowflake-arctic-embed-xs).</summary>
    [Required]
    public string Model { get; set; } = EmbeddingModels.MiniLm;

    /// <summary>
    /// Folder of the passage-vector cache. Empty means <c>.xnai/embeddings</c> under the content root
    /// (ignored by git); a relative path is resolved from the content root.
    /// </summary>
    public string? CachePath { get; set; }

    /// <summary>Longest a query's encoding may take before the query is answered with BM25 alone.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan QueryDeadline { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Encodings run at once (queries and ingestion together); at most the number of cores.</summary>
    [Range(1, 64)]
    public int MaxConcurrentEncodings { get; set; } = 1;

    /// <summary>ONNX Runtime intra-op threads per encoding; kept low because the machine is shared with the request path.</summary>
    [Range(1, 64)]
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>
    /// Longest a query waits for others to share its inference call (micro-batching). Only waited when the encoder is
    /// idle; under load, queries that queued during the previous call are batched without any wait. Zero turns the wait off.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:00.010")]
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Most queries encoded in one inference call (each adds its own tokens; the call is as long as the longest).</summary>
    [Range(1, 64)]
    public int MaxBatchSize { get; set; } = 16;

    /// <summary>
    /// Most encodings waiting for the model (queries and ingestion batches). A query that finds it full is answered
    /// keyword-only (shed, not a breaker failure); ingestion waits for room.
    /// </summary>
    [Range(1, 4096)]
    public int QueueCapacity { get; set; } = 256;

    /// <summary>
    /// False turns shedding off: every query waits for the encoder until its deadline (the behaviour before issue 27).
    /// When on, a query whose estimated wait (batches ahead times the recent inference time) would pass
    /// <see cref="QueryDeadline"/> is answered keyword-only at once, counted as shed and not as a breaker failure.
    /// </summary>
    public bool ShedWhenBusy { get; set; } = true;

    /// <summary>
    /// Query vectors kept by normalised query text (<see cref="QueryVectorCache"/>), so a repeated question skips the
    /// encoder. 0 (the default) turns the cache off: a cached query bypasses the tier's breaker, deadline and chaos
    /// faults, and the tier meets its load targets without it (docs/performance.md). One vector is 384 floats
    /// (1.5 KB): 1,024 entries hold about 1.5 MB.
    /// </summary>
    [Range(0, 1_000_000)]
    public int QueryCacheEntries { get; set; }

    /// <summary>Passages encoded per call while building vectors; small batches let queries interleave.</summary>
    [Range(1, 256)]
    public int IngestionBatchSize { get; set; } = 8;

    /// <summary>Fused candidates taken from each ranking (BM25 and dense) before the top K are cut.</summary>
    [Range(1, 200)]
    public int CandidatesPerRanking { get; set; } = 20;

    /// <summary>
    /// Largest share of BM25 in the fused score, given when the best BM25 passage holds all of the query's weight; the
    /// share used is this times BM25's coverage of the query, so incidental word matches on a paraphrase count little.
    /// </summary>
    [Range(0.0, 1.0)]
    public double KeywordShare { get; set; } = 0.25;

    /// <summary>
    /// Weight of the query's mean similarity to a passage's whole document, added to the passage's own similarity when
    /// ranking by meaning: a passage of the document that is about the question outranks a look-alike elsewhere.
    /// </summary>
    [Range(0.0, 4.0)]
    public double DocumentContext { get; set; } = 0.25;

    /// <summary>
    /// How far the best passage's cosine must stand above the query's mean cosine over the corpus for the question to
    /// count as answerable (see <see cref="DenseRanking.Specificity"/>). Unset means the model's calibrated value
    /// (<see cref="EmbeddingModels.MinSpecificity"/>: 0.19 for MiniLM).
    /// </summary>
    [Range(0.0, 1.0)]
    public double? MinSpecificity { get; set; }

    /// <summary>BM25 coverage of the query at which it counts as answerable whatever the dense ranking says.</summary>
    [Range(0.0, 1.0)]
    public double KeywordMatchCoverage { get; set; } = 0.5;
}

/// <summary>The data annotations of <see cref="SemanticOptions"/>, checked by generated code (no reflection at start).</summary>
[OptionsValidator]
internal sealed partial class SemanticOptionsAnnotations : IValidateOptions<SemanticOptions>;
