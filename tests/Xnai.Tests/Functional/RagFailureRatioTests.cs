using System.Net.Http.Json;
using Xnai.ChatApi.Circuits;
using Xnai.ChatApi.Sessions;
using Xnai.Resilience;

namespace Xnai.Tests.Functional;

/// <summary>
/// The knowledge base's error-rate rule through chatapi's real pipeline, with the shipped settings (FailureRatio 0.5,
/// MinimumThroughput 10, SamplingDuration 5 min): the circuit opens on a failure that takes the window's failure ratio
/// above 0.5 once it holds 10 calls, not at exactly 0.5, not with fewer calls, and outcomes older than the window no
/// longer count. Failures are interleaved with successes so the 3-consecutive-failures rule never fires.
/// </summary>
[Trait("Category", "Unit")]
[Trait("Category", "Functional")]
public sealed class RagFailureRatioTests : IAsyncLifetime
{
    private const string Breaker = "rag_api";
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan OneTick = TimeSpan.FromTicks(1);

    private readonly string _session = SessionIds.New();
    private FunctionalHost _host = null!;
    private int _asked;

    public async Task InitializeAsync() => _host = await FunctionalHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task FailureAtExactlyHalfOfTenCalls_StaysClosed_TheNextFailureAboveHalfOpens()
    {
        // The 10th call is a failure, so the rule is evaluated at 5 of 10: exactly the ratio, not above it.
        await CallsAsync("SFFSFSFSSF");
        await AssertClosedAsync(failureRate: 0.5);

        await CallsAsync("F");
        await AssertOpenedByRatioAsync("failure ratio 0.545 above 0.5 over 11 calls");
        Assert.Equal(11, _host.Rag.Calls);
    }

    [Fact]
    public async Task NineCallsMostlyFailing_StayClosed_TheTenthCallsFailureOpens()
    {
        // The 9th call is a failure, so the rule is evaluated at 6 of 9: above the ratio, one call short of the throughput.
        await CallsAsync("FSFFSFFSF");
        await AssertClosedAsync(failureRate: 6 / 9.0);

        await CallsAsync("F");
        await AssertOpenedByRatioAsync("failure ratio 0.7 above 0.5 over 10 calls");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CallsOlderThanTheWindow_NoLongerCount(bool slidOut)
    {
        // The fake clock starts on a bucket boundary, so a call made now counts for exactly the window (see HealthWindow).
        Assert.Equal(0, _host.Clock.GetTimestamp() % (Window / HealthWindow.BucketCount).Ticks);
        await CallsAsync("FFSFFSFFS");

        _host.Advance(slidOut ? Window : Window - OneTick);
        Assert.Equal(slidOut ? 0 : 6 / 9.0, (await _host.CircuitAsync(Breaker)).FailureRate);
        await CallsAsync("F");

        if (slidOut)
        {
            // Only the new failure is left in the window (1 of 1, not 7 of 10): below the minimum throughput.
            await AssertClosedAsync(failureRate: 1.0);
        }
        else
        {
            await AssertOpenedByRatioAsync("failure ratio 0.7 above 0.5 over 10 calls");
        }
    }

    /// <summary>One chat per letter: <c>F</c> with rag refusing the connection, <c>S</c> with rag answering.</summary>
    private async Task CallsAsync(string outcomes)
    {
        foreach (var outcome in outcomes)
        {
            _host.Rag.Behaviour = outcome == 'F' ? FakeBehaviour.Fail : FakeBehaviour.Succeed;
            var answer = await _host.ChatAsync($"Question {++_asked}", _session);
            Assert.Equal(outcome == 'F', answer.Degraded);
        }
    }

    /// <summary>Closed, never tripped; <paramref name="failureRate"/> is the window's (failures / calls still inside it).</summary>
    private async Task AssertClosedAsync(double failureRate)
    {
        var breaker = await _host.CircuitAsync(Breaker);
        Assert.Equal(("closed", 0, failureRate), (breaker.State, breaker.Trips, breaker.FailureRate));
        Assert.Empty(await TransitionsAsync());
    }

    private async Task AssertOpenedByRatioAsync(string reason)
    {
        var breaker = await _host.CircuitAsync(Breaker);
        Assert.Equal(("open", 1, 30.0), (breaker.State, breaker.Trips, breaker.RetryAfterSeconds));
        // Never three failures in a row: the ratio rule opened it, and says so.
        Assert.True(breaker.FailCount < 3, $"fail_count {breaker.FailCount}");
        var transition = Assert.Single(await TransitionsAsync());
        Assert.Equal(("closed", "open", $"{reason}; half-open in 30 s"), (transition.From, transition.To, transition.Detail));

        var rejected = await _host.ChatAsync("Is the knowledge base back?", _session);
        Assert.Equal((30, RagBreakerTests.Fallback(30)), (rejected.RetryAfterSeconds, rejected.Answer));
    }

    private async Task<List<CircuitEventView>> TransitionsAsync() =>
        [.. (await _host.Client.GetFromJsonAsync<List<CircuitEventView>>("/api/circuits/events", ChatApiCalls.SnakeCase))!
            .Where(e => e.Circuit == Breaker && e.Kind == CircuitEventKinds.Transition)];
}
