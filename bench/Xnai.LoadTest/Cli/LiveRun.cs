using Spectre.Console;

namespace Xnai.LoadTest.Cli;

/// <summary>Runs the engine while showing its counters: a live table on a terminal, a line every 5 s otherwise.</summary>
internal static class LiveRun
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(5);

    public static async Task<LoadReport> RunAsync(LoadOptions options, HttpClient client, string title, CancellationToken cancellationToken)
    {
        var latest = new LatestProgress();
        var run = LoadRunner.RunAsync(options, client, latest, cancellationToken);
        var empty = new LoadProgress(0, 0, 0, 0, 0, 0, TimeSpan.Zero, 0);

        if (AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected)
        {
            await AnsiConsole.Live(ReportView.Progress(empty, title)).StartAsync(async ctx =>
            {
                while (!run.IsCompleted)
                {
                    await Task.WhenAny(run, Task.Delay(Refresh, TimeProvider.System));
                    ctx.UpdateTarget(ReportView.Progress(latest.Value ?? empty, title));
                }
            });
        }
        else
        {
            AnsiConsole.WriteLine(title);
            while (!run.IsCompleted)
            {
                await Task.WhenAny(run, Task.Delay(LogInterval, TimeProvider.System));
                if (!run.IsCompleted && latest.Value is { } p)
                {
                    AnsiConsole.WriteLine(ReportView.ProgressLine(p));
                }
            }
        }

        return await run;
    }

    /// <summary>Keeps the newest snapshot; unlike <see cref="Progress{T}"/> it never posts to a context.</summary>
    private sealed class LatestProgress : IProgress<LoadProgress>
    {
        private LoadProgress? _value;

        public LoadProgress? Value => Volatile.Read(ref _value);

        public void Report(LoadProgress value) => Volatile.Write(ref _value, value);
    }
}
