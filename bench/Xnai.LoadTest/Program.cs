using System.Text.Json;
using Spectre.Console;
using Xnai.LoadTest;
using Xnai.LoadTest.Cli;

// Exit codes: 0 = every request answered (or fell back), 3 = some requests failed, 2 = bad options or setup.
CliOptions cli;
try
{
    cli = CliOptions.Parse(args);
}
catch (Exception ex) when (ex is FormatException or UriFormatException)
{
    AnsiConsole.MarkupLine($"[red]{Markup.Escape(ex.Message)}[/]");
    AnsiConsole.WriteLine(CliOptions.Usage);
    return 2;
}

if (cli.Help)
{
    AnsiConsole.WriteLine(CliOptions.Usage);
    return 0;
}

// Ctrl+C stops issuing requests; the report of what ran is still printed.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var target = cli.Url ?? Discovery.ServiceUrl("Xnai.ChatApi", "http://localhost:5101");
var load = new LoadOptions
{
    Target = target,
    Users = cli.Users,
    Requests = cli.Requests,
    Duration = cli.Duration,
    RequestTimeout = cli.Timeout,
    ThinkTime = cli.ThinkTime,
    AllowRemote = cli.AllowRemote,
    Message = cli.DistinctQuestions ? Messages.Distinct(cli.Users) : null,
};

try
{
    LoopbackGuard.Ensure(target, cli.AllowRemote);
    using var client = LoadRunner.CreateClient(load);
    if (cli.Voice)
    {
        var voice = cli.VoiceUrl ?? Discovery.ServiceUrl("Xnai.VoiceWorker", "http://localhost:5103");
        LoopbackGuard.Ensure(voice, cli.AllowRemote);
        load = load with { VoiceWav = await VoiceSample.SynthesizeAsync(client, voice, stop.Token), VoiceMessage = VoiceSample.Text };
    }

    AnsiConsole.MarkupLine(Markup.Escape(
        $"target {target}  users {load.Users}  duration {load.Duration.TotalSeconds:0.#} s  requests {(load.Requests?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unbounded")}  voice {(load.VoiceWav is null ? "off" : $"{load.VoiceShare:P0}")}"));

    object output;
    long failed;
    if (cli.Compare)
    {
        var key = await Discovery.AdminKeyAsync(cli.AdminKey, stop.Token)
            ?? throw new InvalidOperationException("--compare needs the admin key: --admin-key, XNAI_ADMIN_KEY, or the AppHost's user secrets (Parameters:admin-key).");
        var result = await CompareMode.RunAsync(cli, load, client, new CircuitControl(client, new Uri(target.AbsoluteUri.TrimEnd('/') + "/"), key), stop.Token);
        CompareMode.Write(result);
        (output, failed) = (new { mode = "compare", result }, result.Enabled.Failed + result.Disabled.Failed);
    }
    else if (cli.FindMax)
    {
        var result = await FindMaxMode.RunAsync(cli, load, client, stop.Token);
        FindMaxMode.Write(result);
        (output, failed) = (new { mode = "find-max", result }, result.HighestWithoutFailures is null ? 1 : 0);
    }
    else
    {
        var report = await LiveRun.RunAsync(load, client, "load", stop.Token);
        ReportView.Write(report, $"{load.Users} users against {target}");
        (output, failed) = (report, report.Failed);
    }

    if (cli.JsonPath is { } path)
    {
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(output, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }), CancellationToken.None);
        AnsiConsole.WriteLine($"JSON report written to {Path.GetFullPath(path)}");
    }

    return failed > 0 ? 3 : 0;
}
catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or HttpRequestException or OperationCanceledException)
{
    AnsiConsole.MarkupLine($"[red]{Markup.Escape(ex.Message)}[/]");
    return 2;
}
