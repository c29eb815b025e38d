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
