using System.Diagnostics.Metrics;
using Xnai.ChatApi.Telemetry;

namespace Xnai.ChatApi.AnswerStore;

/// <summary>The last-good-answer store's metrics (meter <c>Xnai.ChatApi</c>): lookups by outcome, stale answers served and their age.</summary>
public sealed class AnswerStoreMetrics
{
    private readonly Counter<long> _lookups;
    private readonly Counter<long> _served;
    private readonly Histogram<double> _servedAge;
    private readonly Counter<long> _writes;

    public AnswerStoreMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(ChatMetrics.MeterName);
        _lookups = meter.CreateCounter<long>(Instruments.Lookups, description: "Answer-store lookups during knowledge-base outages, by outcome (exact, semantic, miss, timed_out).");
        _served = meter.CreateCounter<long>(Instruments.Served, description: "Stale answers served from the answer store while the knowledge base could not answer, by match.");
        _servedAge = meter.CreateHistogram<double>(Instruments.ServedAge, unit: "s", description: "Age of the stale answers served.");
        _writes = meter.CreateCounter<long>(Instruments.Writes, description: "Live answers written to the answer store, by tier (redis, local) and result.");
    }

    /// <summary>Counts a lookup that ended with <paramref name="outcome"/> (a <see cref="LookupOutcomes"/> value).</summary>
    public void RecordLookup(string outcome) => _lookups.Add(1, new KeyValuePair<string, object?>(Tags.Outcome, outcome));

    /// <summary>Counts a stale answer served and records its age.</summary>
    public void RecordServed(StaleHit hit)
    {
        var match = new KeyValuePair<string, object?>(Tags.Match, hit.Match == MatchKind.Exact ? LookupOutcomes.Exact : LookupOutcomes.Semantic);
        _served.Add(1, match);
        _servedAge.Record(hit.Age.TotalSeconds, match);
    }

    /// <summary>Counts a write to <paramref name="tier"/>.</summary>
    public void RecordWrite(string tier, bool ok) =>
        _writes.Add(1, new KeyValuePair<string, object?>(Tags.Tier, tier), new KeyValuePair<string, object?>(Tags.Result, ok ? "ok" : "failed"));

    public static class Instruments
    {
        public const string Lookups = "xnai.answer_store.lookups";
        public const string Served = "xnai.answer_store.stale_served";
        public const string ServedAge = "xnai.answer_store.served_age";
        public const string Writes = "xnai.answer_store.writes";
    }

    public static class Tags
    {
        public const string Outcome = "outcome";
        public const string Match = "match";
        public const string Tier = "tier";
        public const string Result = "result";
    }
}
