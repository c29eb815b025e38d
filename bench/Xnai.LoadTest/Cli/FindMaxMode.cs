using System.Globalization;
using Spectre.Console;

namespace Xnai.LoadTest.Cli;

/// <summary>Steps the number of users up and reports the highest that still gave 0 failures; stops at the first step that fails.</summary>
internal static class FindMaxMode
{
    public sealed record Step(int Users, LoadReport Report);

    public sealed record Result(IReadOnlyList<Step> Steps, int? HighestWithoutFailures);

    public static async Task<Result> RunAsync(CliOptions cli, LoadOptions load, HttpClient client, CancellationToken cancellationToken)
    {
        if (cli.Warmup > TimeSpan.Zero)
        {
            await LiveRun.RunAsync(load with { Duration = cli.Warmup, Requests = null }, client, "warm-up (not measured)", cancellationToken);
        }

        var steps = new List<Step>();
        foreach (var users in cli.Steps)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            var report = await LiveRun.RunAsync(load with { Users = users }, client, $"{users} users", cancellationToken);
            steps.Add(new Step(users, report));
            if (report.Failed > 0)
            {
                break;
            }
        }

        var passed = steps.Where(s => s.Report.Failed == 0 && s.Report.Total > 0).Select(s => (int?)s.Users).LastOrDefault();
        return new Result(steps, passed);
    }

    public static void Write(Result result)
    {
        var table = new Table().Title("users stepped up")
            .AddColumns("users", "total", "answered", "fallback", "failed", "429", "timeouts", "req/s", "p50", "p99", "max");
        foreach (var step in result.Steps)
        {
            var r = step.Report;
            table.AddRow(
                step.Users.ToString(CultureInfo.InvariantCulture), r.Total.ToString(CultureInfo.InvariantCulture),
                r.Answered.ToString(CultureInfo.InvariantCulture), r.Fallback.ToString(CultureInfo.InvariantCulture),
                r.Failed > 0 ? $"[red]{r.Failed}[/]" : "0", r.Rejected429.ToString(CultureInfo.InvariantCulture),
                r.Timeouts.ToString(CultureInfo.InvariantCulture), r.RequestsPerSecond.ToString("0.0", CultureInfo.InvariantCulture),
                ReportView.Ms(r.Latency.P50Ms), ReportView.Ms(r.Latency.P99Ms), ReportView.Ms(r.Latency.MaxMs));
        }

        AnsiConsole.Write(table);
        foreach (var error in result.Steps.SelectMany(s => s.Report.SampleErrors).Take(5))
        {
            AnsiConsole.WriteLine("  " + error);
        }

        AnsiConsole.MarkupLine(result.HighestWithoutFailures is { } users
            ? $"[bold]highest concurrency with 0 failures: {users} users[/]"
            : "[bold red]no step finished without failures[/]");
    }
}
