using Xnai.LoadTest;

namespace Xnai.Tests.Chaos;

/// <summary>Chat load running in the background while a scenario breaks things; stopping it returns the report.</summary>
internal sealed class BackgroundLoad : IAsyncDisposable
{
    /// <summary>How long a scenario waits for the load to show what it waits for (answers, fallbacks) before failing.</summary>
    public static readonly TimeSpan ProgressBound = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task<LoadReport> _run;
    private readonly LatestProgress _progress = new();

    private BackgroundLoad(LoadOptions options) => _run = LoadRunner.RunAsync(options, progress: _progress, cancellationToken: _stop.Token);

    /// <summary>Starts <paramref name="users"/> virtual users against chatapi; bounded by <paramref name="maxDuration"/> whatever happens.</summary>
    public static BackgroundLoad Start(Uri chatapi, int users = 8, TimeSpan? maxDuration = null, ReadOnlyMemory<byte>? voiceWav = null) =>
        new(new LoadOptions
        {
            Target = chatapi,
            Users = users,
            Duration = maxDuration ?? TimeSpan.FromMinutes(3),
            RequestTimeout = TimeSpan.FromSeconds(20),
            ThinkTime = TimeSpan.FromMilliseconds(20),
            VoiceWav = voiceWav,
        });

    /// <summary>The load's counters as last reported (every 250 ms); null before the first report.</summary>
    public LoadProgress? Progress => _progress.Latest;

    /// <summary>
    /// Waits until the load's counters satisfy <paramref name="condition"/> (polled as they are reported), so a scenario
    /// acts on what the load has seen rather than after a fixed sleep; fails naming <paramref name="what"/> after <see cref="ProgressBound"/>.
    /// </summary>
    public async Task UntilAsync(Func<LoadProgress?, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + ProgressBound;
        while (!condition(Progress))
        {
            Assert.False(_run.IsCompleted, $"the load ended before {what}: {Progress}");
            Assert.True(DateTime.UtcNow < deadline, $"{what} did not happen within {ProgressBound.TotalSeconds:0} s: {Progress}");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Waits until chatapi has replied (answer or fallback, both 200) to <paramref name="count"/> more of the load's
    /// requests than now: the phase a scenario is in has really been under load.
    /// </summary>
    public Task RepliesAsync(int count = 10)
    {
        var now = Replies(Progress);
        return UntilAsync(p => Replies(p) >= now + count, $"{count} more replies");
    }

    /// <summary>Stops issuing requests, lets in-flight ones finish, and returns what happened.</summary>
    public async Task<LoadReport> StopAsync()
    {
        await _stop.CancelAsync();
        return await _run.WaitAsync(TimeSpan.FromMinutes(1));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_run.IsCompleted)
        {
            await _stop.CancelAsync();
            await _run.WaitAsync(TimeSpan.FromMinutes(1)).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        _stop.Dispose();
    }

    private static long Replies(LoadProgress? progress) => progress is null ? 0 : progress.Answered + progress.Fallback;

    // Synchronous (Progress<T> would post to a context): the runner's reporting loop writes, the scenario reads.
    private sealed class LatestProgress : IProgress<LoadProgress>
    {
        private LoadProgress? _latest;

        public LoadProgress? Latest => Volatile.Read(ref _latest);

        public void Report(LoadProgress value) => Volatile.Write(ref _latest, value);
    }
}
