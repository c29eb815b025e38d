using Xnai.Tests.Integration;

namespace Xnai.Tests.Chaos;

/// <summary>
/// An app whose rag_api breaker trips on the error-rate rule alone (consecutive rule off), so scenario 5 proves
/// that rule rather than the consecutive one. Window shortened to 30 s, break to 3 s.
/// </summary>
public sealed class ErrorRateAppFixture : IAsyncLifetime
{
    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The app has not started.");

    public async Task InitializeAsync() => _app = await XnaiApp.StartAsync(builder =>
        builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "chatapi"))
            .WithEnvironment("Xnai__Breakers__rag_api__ConsecutiveFailures", "0")
            .WithEnvironment("Xnai__Breakers__rag_api__FailureRatio", "0.5")
            .WithEnvironment("Xnai__Breakers__rag_api__MinimumThroughput", "20")
            .WithEnvironment("Xnai__Breakers__rag_api__SamplingDuration", "00:00:30")
            .WithEnvironment("Xnai__Breakers__rag_api__BreakDuration", "00:00:03"));

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().AsTask().WaitAsync(XnaiApp.StartTimeout);
        }
    }
}
