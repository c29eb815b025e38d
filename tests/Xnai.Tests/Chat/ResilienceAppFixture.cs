using Xnai.Tests.Integration;

namespace Xnai.Tests.Chat;

/// <summary>
/// A separate app for tests that take dependencies down, with break durations shortened through configuration
/// (the real 30 s / 15 s / 45 s defaults are proven in the breaker's unit tests with FakeTimeProvider).
/// </summary>
public sealed class ResilienceAppFixture : IAsyncLifetime
{
    public static readonly TimeSpan RagBreak = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan RedisBreak = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan VoiceBreak = TimeSpan.FromSeconds(3);

    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The app has not started.");

    public async Task InitializeAsync() => _app = await XnaiApp.StartAsync(builder =>
    {
        var chatapi = builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "chatapi"));
        chatapi
            .WithEnvironment("Xnai__Breakers__rag_api__BreakDuration", RagBreak.ToString())
            .WithEnvironment("Xnai__Breakers__redis__BreakDuration", RedisBreak.ToString())
            .WithEnvironment("Xnai__Breakers__voice_processing__BreakDuration", VoiceBreak.ToString())
            .WithEnvironment("Xnai__Chat__PendingFlushInterval", "00:00:00.200")
            // A fresh answer store per app: answers stored by an earlier run (Redis may outlive it) must not be served.
            .WithEnvironment("Xnai__ChatApi__LastGoodAnswers__KeyPrefix", "xnai:answers:" + Guid.NewGuid().ToString("N"))
            // The chaos load writes hundreds of turns per session and checks every one: lift the history cap and page
            // size here (the cap itself is proven by SessionHistoryTests).
            .WithEnvironment("Xnai__Chat__MaxSessionTurns", "100000")
            .WithEnvironment("Xnai__Chat__MaxSessionPageSize", "100000");
    });

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().AsTask().WaitAsync(XnaiApp.StartTimeout);
        }
    }
}
