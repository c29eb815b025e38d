using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using Xnai.ServiceDefaults.Health;

namespace Xnai.Tests.Health;

[Trait("Category", "Unit")]
public sealed class RefreshingValueTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly TaskCompletionSource<string> _secondLoad = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _loads;

    [Fact]
    public async Task ManyReads_WithinTheInterval_LoadOnce()
    {
        var value = Create();

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal("1", await value.GetAsync(CancellationToken.None));
        }

        Assert.Equal(1, _loads);
    }

    [Fact]
    public async Task StaleValue_IsReturnedAtOnce_AndRefreshedOnceInTheBackground()
    {
        var value = Create();
        await value.GetAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(2));

        // The refresh is still running: every reader gets the stale value at once, and only one refresh starts.
        var stale = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => value.GetAsync(CancellationToken.None)));
        Assert.All(stale, v => Assert.Equal("1", v));

        _secondLoad.SetResult("2");
        await WaitForLoadsAsync(value, 2);
        Assert.Equal("2", await value.GetAsync(CancellationToken.None));
        Assert.Equal(2, _loads);
    }

    [Fact]
    public async Task ValueOlderThanMaxStale_IsNotServed_TheReaderGetsTheFreshOne()
    {
        var value = new RefreshingValue<string>(
            _ => Task.FromResult(Interlocked.Increment(ref _loads) == 1 ? "warming, passages 0" : "ready, passages 1234"),
            () => TimeSpan.FromSeconds(2),
            _time,
            maxStale: () => TimeSpan.FromSeconds(2));
        Assert.Equal("warming, passages 0", await value.GetAsync(CancellationToken.None));

        // A quiet minute: the next reader must not be told what was true a minute ago.
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("ready, passages 1234", await value.GetAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task CachedHealthReport_AfterAQuietSpell_ReportsTheCurrentState()
    {
        var state = "warming";
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddLogging();
        services.AddHealthChecks().AddCheck("semantic", () => state == "ready" ? HealthCheckResult.Healthy("ready") : HealthCheckResult.Degraded("warming up"));
        services.AddSingleton<CachedHealthReport>();
        using var provider = services.BuildServiceProvider();
        var cache = provider.GetRequiredService<CachedHealthReport>();
        Assert.Equal("warming up", (await cache.GetAsync(CancellationToken.None)).Entries["semantic"].Description);

        state = "ready";
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("ready", (await cache.GetAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10))).Entries["semantic"].Description);
    }

    private RefreshingValue<string> Create() => new(
        _ => Interlocked.Increment(ref _loads) == 1 ? Task.FromResult("1") : _secondLoad.Task,
        () => TimeSpan.FromSeconds(2),
        _time);

    private static async Task WaitForLoadsAsync(RefreshingValue<string> value, int loads)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (value.Loads < loads)
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
