using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Xnai.LoadTest.Cli;

/// <summary>Renders progress and reports as Spectre.Console tables.</summary>
internal static class ReportView
{
    private static readonly string[] BreakerCounts = ["fail_count", "total_calls", "total_failures", "total_rejections", "trips"];

    public static Table Progress(LoadProgress p, string title) => new Table()
        .Title(Markup.Escape(title))
        .AddColumns("elapsed", "total", "[green]answered[/]", "[yellow]fallback[/]", "[red]failed[/]", "timeouts", "429", "req/s")
        .AddRow(
            $"{p.Elapsed.TotalSeconds:0.0} s",
            N(p.Total),
            N(p.Answered),
            N(p.Fallback),
            p.Failed > 0 ? $"[red]{N(p.Failed)}[/]" : "0",
            N(p.Timeouts),
            N(p.Rejected429),
            p.RequestsPerSecond.ToString("0.0", CultureInfo.InvariantCulture));

    public static string ProgressLine(LoadProgress p) => string.Create(
        CultureInfo.InvariantCulture,
        $"{p.Elapsed.TotalSeconds,6:0.0} s  total {p.Total}  answered {p.Answered}  fallback {p.Fallback}  failed {p.Failed}  {p.RequestsPerSecond:0.0} req/s");

    public static void Write(LoadReport report, string title)
    {
        var summary = new Table().Title(Markup.Escape(title)).AddColumns("metric", "value");
        summary.Columns[1].RightAligned();
        summary.AddRow("total", N(report.Total));
        summary.AddRow("[green]answered[/]", N(report.Answered));
        summary.AddRow("[yellow]fallback (degraded)[/]", N(report.Fallback));
        summary.AddRow("[red]failed[/]", N(report.Failed));
        summary.AddRow("  timeouts", N(report.Timeouts));
        summary.AddRow("  429 rejected", N(report.Rejected429));
        summary.AddRow("requests/s", report.RequestsPerSecond.ToString("0.0", CultureInfo.InvariantCulture));
        summary.AddRow("elapsed", $"{report.Elapsed.TotalSeconds:0.00} s");
        summary.AddRow("latency p50 / p95 / p99", $"{Ms(report.Latency.P50Ms)} / {Ms(report.Latency.P95Ms)} / {Ms(report.Latency.P99Ms)}");
        summary.AddRow("latency max / mean", $"{Ms(report.Latency.MaxMs)} / {Ms(report.Latency.MeanMs)}");
        if (report.Fallback > 0)
        {
            summary.AddRow("fallback p50 / p99 / max", $"{Ms(report.FallbackLatency.P50Ms)} / {Ms(report.FallbackLatency.P99Ms)} / {Ms(report.FallbackLatency.MaxMs)}");
        }

        if (report.Stale > 0)
        {
            summary.AddRow("  from the answer store", N(report.Stale));
            summary.AddRow("  answer store p50 / p99 / max", $"{Ms(report.StaleLatency.P50Ms)} / {Ms(report.StaleLatency.P99Ms)} / {Ms(report.StaleLatency.MaxMs)}");
        }

        var knowledge = report.Answered + report.Fallback - report.FallbackBy.GetValueOrDefault("rag_api");
        if (knowledge > 0)
        {
            // Knowledge-base answers that name rag_semantic: keyword-only because the tier was failing, open or shedding
            // (a tier switched off by configuration is not a fallback and does not show here; rag's xnai.rag.queries
            // counts queries by retrieval mode).
            var keywordOnly = report.FallbackBy.GetValueOrDefault("rag_semantic");
            summary.AddRow("keyword-only fallback", string.Create(CultureInfo.InvariantCulture, $"{N(keywordOnly)} of {N(knowledge)} ({100.0 * keywordOnly / knowledge:0.0} %)"));
        }

        summary.AddRow("status codes", string.Join(", ", report.StatusCodes.Select(s => $"{s.Key}: {N(s.Value)}")));
        summary.AddRow("sessions", N(report.Sessions.Count));
        AnsiConsole.Write(summary);
        AnsiConsole.Write(Breakers(report.BreakersBefore, report.BreakersAfter));

        if (report.SampleErrors.Count > 0)
        {
            AnsiConsole.MarkupLine("[red]First failures:[/]");
            foreach (var error in report.SampleErrors)
            {
                AnsiConsole.WriteLine("  " + error);
            }
        }
    }

    /// <summary>Each breaker's state and counts before → after the run.</summary>
    public static Table Breakers(JsonElement? before, JsonElement? after)
    {
        var table = new Table().Title("circuit breakers (before → after)").AddColumn("breaker").AddColumn("state");
        foreach (var count in BreakerCounts)
        {
            table.AddColumn(new TableColumn(count).RightAligned());
        }

        var names = Names(before).Concat(Names(after)).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            table.AddRow("[grey]/api/circuits did not answer[/]");
            return table;
        }

        foreach (var name in names)
        {
            var b = Breaker(before, name);
            var a = Breaker(after, name);
            var cells = new List<string> { Markup.Escape(name), $"{Markup.Escape(Text(b, "state"))} → {Markup.Escape(Text(a, "state"))}" };
            cells.AddRange(BreakerCounts.Select(count => $"{Text(b, count)} → {Text(a, count)}"));
            table.AddRow([.. cells]);
        }

        return table;
    }

    private static IEnumerable<string> Names(JsonElement? breakers) =>
        breakers is { ValueKind: JsonValueKind.Object } json ? json.EnumerateObject().Select(p => p.Name) : [];

    private static JsonElement? Breaker(JsonElement? breakers, string name) =>
        breakers is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty(name, out var breaker) ? breaker : null;

    private static string Text(JsonElement? breaker, string property) =>
        breaker is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty(property, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() ?? "-" : value.GetRawText()
            : "-";

    public static string Ms(double ms) => ms.ToString(ms < 10 ? "0.000" : "0.0", CultureInfo.InvariantCulture) + " ms";

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
