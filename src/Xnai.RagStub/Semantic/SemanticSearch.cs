using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;
using Xnai.Resilience;

namespace Xnai.RagStub.Semantic;

/// <summary>
/// Query-time side of the semantic tier: encodes the query through the tier's own pipeline (breaker with the slow-call
/// rule, per-query deadline, the "semantic" chaos faults) and ranks the passage vectors. Any failure — breaker open,
/// deadline passed, injected fault, model error — gives an empty ranking, never an exception: the caller answers with
/// BM25 alone. A query asked before is ranked with its cached vector (<see cref="QueryVectorCache"/>). A query the encoder is too busy for is shed (keyword-only, counted) without counting against the breaker.
/// </summary>
public sealed partial class SemanticSearch(
    SemanticIndex index,
    SentenceEmbedder embedder,
    QueryVectorCache queryVectors,
    ResiliencePipelineProvider<string> pipelines,
    IOptions<SemanticOptions> options,
    IOptionsMonitor<CircuitBreakerOptions> breakerOptions,
    SemanticMetrics metrics,
    ILogger<SemanticSearch> logger)
{
    /// <summary>Key of the tier's pipeline in Polly's registry.</summary>
    public const string PipelineKey = "rag-semantic";

    /// <summary>
    /// The <paramref name="topN"/> passages that best match <paramref name="query"/> (with <paramref name="documentContext"/>
    /// as in <see cref="DenseVectors.Search"/>), or why there are none.
    /// </summary>
    public async Task<DenseRanking> RankAsync(string query, int topN, float documentContext, CancellationToken cancellationToken)
    {
        var vectors = index.Vectors;
        if (vectors is null)
        {
            return index.State == SemanticTierState.Disabled ? DenseRanking.Disabled : DenseRanking.Unavailable;
        }

        if (queryVectors.TryGet(query, out var cached))
        {
            metrics.RecordQueryCache(hit: true);
            return vectors.Search(cached, Math.Min(topN, vectors.Count), documentContext);
        }

        try
        {
            var pipeline = pipelines.GetPipeline<float[]>(PipelineKey);
            var breaker = breakerOptions.Get(SemanticOptions.BreakerName);
            TimeSpan? slowCall = breaker.SlowCallRatio > 0 ? breaker.SlowCallThreshold : null;
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            float[] vector;
            try
            {
                vector = await pipeline.ExecuteAsync(
                    static async (context, state) =>
                    {
                        var encoding = await state.embedder.EncodeQueryAsync(state.query, state.deadline, context.CancellationToken, state.slowCall).ConfigureAwait(false);
                        // The slow-call rule judges the call without the query's wait for its turn in the encoder's queue.
                        context.Properties.Set(CircuitBreakerProperties.LocalWait, encoding.QueueWait);
                        return encoding.Vector;
                    },
                    context,
                    (embedder, query, deadline: options.Value.QueryDeadline, slowCall)).ConfigureAwait(false);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
            if (queryVectors.Enabled)
            {
                metrics.RecordQueryCache(hit: false);
                queryVectors.Set(query, vector);
            }

            return vectors.Search(vector, Math.Min(topN, vectors.Count), documentContext);
        }
        catch (SemanticTierBusyException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller went away while the query waited: not a shed query.
            throw new OperationCanceledException(cancellationToken);
        }
        catch (SemanticTierBusyException)
        {
            metrics.RecordShed();
            return DenseRanking.Shed;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogFallback(logger, ex.GetType().Name);
            return DenseRanking.Unavailable;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Semantic tier unavailable for a query ({Reason}); answering with BM25 alone")]
    private static partial void LogFallback(ILogger logger, string reason);
}
