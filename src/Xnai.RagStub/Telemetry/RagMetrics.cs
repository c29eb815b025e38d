using System.Diagnostics;
using System.Diagnostics.Metrics;
using Xnai.RagStub.Search;

namespace Xnai.RagStub.Telemetry;

/// <summary>Retrieval metrics on the <c>Xnai.Rag</c> meter: queries by outcome, their duration, and the index size.</summary>
public sealed class RagMetrics
{
    /// <summary>Meter name (exported by ServiceDefaults).</summary>
    public const string MeterName = "Xnai.Rag";

    private readonly Counter<long> _queries;
    private readonly Histogram<double> _duration;

    /// <summary>Creates the instruments; the gauges read <paramref name="index"/> when scraped.</summary>
    public RagMetrics(IMeterFactory meterFactory, KnowledgeIndex index)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(index);
        var meter = meterFactory.Create(MeterName);
        _queries = meter.CreateCounter<long>(Instruments.Queries, "{query}", "Knowledge-base queries by outcome.");
        _duration = meter.CreateHistogram<double>(Instruments.Duration, "s", "Time to rank passages and compose the answer.");
        meter.CreateObservableGauge(Instruments.Documents, () => index.DocumentCount, "{document}", "Documents in the index.");
        meter.CreateObservableGauge(Instruments.Passages, () => index.PassageCount, "{passage}", "Passages in the index.");
    }

    /// <summary>
    /// Counts a query that ended with <paramref name="outcome"/> (one of <see cref="Outcomes"/>), ranked by
    /// <paramref name="retrieval"/> (<c>hybrid</c> or <c>keyword</c>; null for a fault, which ranked nothing).
    /// </summary>
    public void RecordQuery(string outcome, TimeSpan elapsed, RetrievalMode? retrieval = null)
    {
        var tags = new TagList { { Tags.Outcome, outcome } };
        if (retrieval is { } mode)
        {
            tags.Add(Tags.Retrieval, mode == RetrievalMode.Hybrid ? "hybrid" : "keyword");
        }

        _queries.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
    }

    /// <summary>Instrument names.</summary>
    public static class Instruments
    {
        /// <summary>Counter of queries.</summary>
        public const string Queries = "xnai.rag.queries";

        /// <summary>Histogram of query durations.</summary>
        public const string Duration = "xnai.rag.query.duration";

        /// <summary>Gauge of indexed documents.</summary>
        public const string Documents = "xnai.rag.documents";

        /// <summary>Gauge of indexed passages.</summary>
        public const string Passages = "xnai.rag.passages";
    }

    /// <summary>Tag names.</summary>
    public static class Tags
    {
        /// <summary>How a query ended.</summary>
        public const string Outcome = "outcome";

        /// <summary>How its passages were ranked: <c>hybrid</c> (BM25 and meaning) or <c>keyword</c> (BM25 alone).</summary>
        public const string Retrieval = "retrieval";
    }

    /// <summary>Values of <see cref="Tags.Outcome"/>.</summary>
    public static class Outcomes
    {
        /// <summary>At least one relevant passage.</summary>
        public const string Answered = "answered";

        /// <summary>Nothing relevant: the honest no-match answer.</summary>
        public const string NoMatch = "no_match";

        /// <summary>Failed on purpose by the chaos controls.</summary>
        public const string Fault = "fault";
    }
}
