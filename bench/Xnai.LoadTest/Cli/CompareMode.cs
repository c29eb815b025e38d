using System.Globalization;
using Spectre.Console;

namespace Xnai.LoadTest.Cli;

/// <summary>
/// The same load with breakers enabled (after reset) and disabled, in A,B,B,A order so drift on a busy machine
/// cancels out; disabled is the baseline. Breakers are reset afterwards whatever happens.
/// </summary>
internal static class CompareMode
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    public sealed record Run(int Index, string Breakers, LoadReport Report);

    public sealed record Side(long Total, long Failed, double RequestsPerSecond, double MeanP99Ms, double MeanP50Ms);

    public sealed record Result(IReadOnlyList<Run> Runs, Side Enabled, Side Disabled, double ThroughputRatio, double P99DeltaMs, double P50DeltaMs);

    public static async Task<Result> RunAsync(CliOptions cli, LoadOptions load, HttpClient client, CircuitControl circuits, CancellationToken cancellationToken)
    {
        var names = CircuitControl.DefaultNames;
        var runs = new List<Run>();
        try
        {
            if (cli.Warmup > TimeSpan.Zero)
            {
                await circuits.ApplyAsync(names, "reset", cancellationToken);
                await LiveRun.RunAsync(load with { Duration = cli.Warmup, Requests = null }, client, "warm-up (not measured)", cancellationToken);
            }

            for (var round = 0; round < cli.Rounds && !cancellationToken.IsCancellationRequested; round++)
            {
                string[] order = round % 2 == 0 ? ["enabled", "disabled"] : ["disabled", "enabled"];
                foreach (var mode in order)
                {
                    await circuits.ApplyAsync(names, mode == "enabled" ? "reset" : "disable", cancellationToken);
                    await Task.Delay(Settle, TimeProvider.System, cancellationToken);
                    var title = $"run {runs.Count + 1}/{cli.Rounds * 2}: breakers {mode}";
                    var report = await LiveRun.RunAsync(load, client, title, cancellationToken);
                    AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {title}: {report.Total} requests, {report.Failed} failed, {report.RequestsPerSecond:0.0} req/s, p50 {report.Latency.P50Ms:0.000} ms, p99 {report.Latency.P99Ms:0.000} ms"));
                    runs.Add(new Run(runs.Count + 1, mode, report));
                }
            }
        }
        finally
        {
            // Restore normal operation even after a failure or Ctrl+C.
            await circuits.ApplyAsync(names, "reset", CancellationToken.None);
        }

        var enabled = SideOf(runs, "enabled");
        var disabled = SideOf(runs, "disabled");
        return new Result(
            runs,
            enabled,
            disabled,
            disabled.RequestsPerSecond > 0 ? enabled.RequestsPerSecond / disabled.RequestsPerSecond : 0,
            enabled.MeanP99Ms - disabled.MeanP99Ms,
            enabled.MeanP50Ms - disabled.MeanP50Ms);
    }

    public static void Write(Result result)
    {
        var table = new Table().Title("breakers enabled vs disabled (disabled = baseline)")
            .AddColumns("run", "breakers", "total", "failed", "req/s", "p50", "p95", "p99", "max");
        foreach (var run in result.Runs)
        {
            var r = run.Report;
            table.AddRow(
                run.Index.ToString(CultureInfo.InvariantCulture), run.Breakers, r.Total.ToString(CultureInfo.InvariantCulture),
                r.Failed.ToString(CultureInfo.InvariantCulture), r.RequestsPerSecond.ToString("0.0", CultureInfo.InvariantCulture),
                ReportView.Ms(r.Latency.P50Ms), ReportView.Ms(r.Latency.P95Ms), ReportView.Ms(r.Latency.P99Ms), ReportView.Ms(r.Latency.MaxMs));
        }

        AnsiConsole.Write(table);
        AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"enabled:  {result.Enabled.RequestsPerSecond:0.0} req/s, mean p50 {result.Enabled.MeanP50Ms:0.000} ms, mean p99 {result.Enabled.MeanP99Ms:0.000} ms, {result.Enabled.Failed} failed"));
        AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"disabled: {result.Disabled.RequestsPerSecond:0.0} req/s, mean p50 {result.Disabled.MeanP50Ms:0.000} ms, mean p99 {result.Disabled.MeanP99Ms:0.000} ms, {result.Disabled.Failed} failed"));
        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"[bold]throughput ratio (enabled/disabled): {result.ThroughputRatio:0.000}   p99 delta: {result.P99DeltaMs:+0.000;-0.000;0.000} ms   p50 delta: {result.P50DeltaMs:+0.000;-0.000;0.000} ms[/]"));
    }

    /// <summary>Throughput over all runs of a side (requests / time); latency as the mean of the runs' percentiles.</summary>
    private static Side SideOf(List<Run> runs, string mode)
    {
        var side = runs.Where(r => r.Breakers == mode).Select(r => r.Report).ToList();
        if (side.Count == 0)
        {
            return new Side(0, 0, 0, 0, 0);
        }

        var total = side.Sum(r => r.Total);
        var seconds = side.Sum(r => r.Elapsed.TotalSeconds);
        return new Side(total, side.Sum(r => r.Failed), seconds > 0 ? total / seconds : 0, side.Average(r => r.Latency.P99Ms), side.Average(r => r.Latency.P50Ms));
    }
}
