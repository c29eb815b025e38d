using System.Diagnostics.Metrics;

namespace Xnai.RagStub.Semantic;

/// <summary>The semantic tier's own instruments on the <c>Xnai.Rag</c> meter.</summary>
public sealed class SemanticMetrics
{
    /// <summary>Meter name (the service's; exported by ServiceDefaults).</summary>
    public const string MeterName = "Xnai.Rag";

    private readonly Counter<long> _shed;
    private readonly Counter<long> _queryCache;

    /// <summary>Creates the instruments; the gauges read <paramref name="embedder"/> when scraped.</summary>
    public SemanticMetrics(IMeterFactory meterFactory, SentenceEmbedder embedder)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(embedder);
        var meter = meterFactory.Create(MeterName);
        _shed = meter.CreateCounter<long>(Instruments.Shed, "{query}", "Queries answered keyword-only because the encoder was too busy to meet their deadline.");
        _queryCache = meter.CreateCounter<long>(Instruments.QueryCache, "{query}", "Query-vector cache lookups by result (hit, miss).");
        meter.CreateObservableGauge(Instruments.Queued, () => embedder.QueuedEncodings, "{encoding}", "Encodings waiting for the model.");
    }

    /// <summary>Counts one shed query.</summary>
    public void RecordShed() => _shed.Add(1);

    /// <summary>Counts one query-vector cache lookup.</summary>
    public void RecordQueryCache(bool hit) => _queryCache.Add(1, new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"));

    /// <summary>Instrument names (Prometheus: <c>xnai_rag_semantic_shed_total</c>, <c>xnai_rag_semantic_query_cache_total</c>, <c>xnai_rag_semantic_queued</c>).</summary>
    public static class Instruments
    {
        /// <summary>Counter of shed queries.</summary>
        public const string Shed = "xnai.rag.semantic.shed";

        /// <summary>Counter of query-vector cache lookups, tagged <c>result</c> (<c>hit</c>, <c>miss</c>).</summary>
        public const string QueryCache = "xnai.rag.semantic.query_cache";

        /// <summary>Gauge of queued encodings.</summary>
        public const string Queued = "xnai.rag.semantic.queued";
    }
}
