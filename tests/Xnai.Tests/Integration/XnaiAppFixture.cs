namespace Xnai.Tests.Integration;

/// <summary>
/// One running app shared by the whole-app tests that leave it as they found it.
/// Tests that stop resources for longer, or change durations, start their own app with <see cref="XnaiApp.StartAsync"/>.
/// </summary>
public sealed class XnaiAppFixture : IAsyncLifetime
{
    /// <summary>The admin key configured for operator endpoints.</summary>
    public const string AdminKey = XnaiApp.AdminKey;

    private DistributedApplication? _app;

    /// <summary>The running app.</summary>
    public DistributedApplication App => _app ?? throw new InvalidOperationException("The app has not started.");

    /// <summary>An HttpClient for <paramref name="resourceName"/>'s http endpoint (no resilience handler).</summary>
    public HttpClient CreateClient(string resourceName) => App.CreateClient(resourceName);

    /// <summary>An HttpClient that sends the admin key.</summary>
    public HttpClient CreateAdminClient(string resourceName) => App.CreateClient(resourceName, AdminKey);

    public async Task InitializeAsync() => _app = await XnaiApp.StartAsync();

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().AsTask().WaitAsync(XnaiApp.StartTimeout);
        }
    }
}

/// <summary>Whole-app tests sharing one app; they run one after another.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class XnaiAppCollection : ICollectionFixture<XnaiAppFixture>
{
    public const string Name = "XnaiApp";
}
