using Xnai.LoadTest;

namespace Xnai.Tests.Chaos;

/// <summary>Chat load running in the background while a scenario breaks things; stopping it returns the report.</summary>
internal sealed class BackgroundLoad : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<LoadReport> _run;

    private BackgroundLoad(LoadOptions options) => _run = LoadRunner.RunAsync(options, cancellationToken: _stop.Token);

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
}
