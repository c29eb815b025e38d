using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Xnai.Resilience;

namespace Xnai.Tests.Resilience;

// Logs (FakeLogger), the recent-events ring and span events.
[Trait("Category", "Unit")]
public sealed class CircuitBreakerEventTests
{
    [Fact]
    public async Task Breaker_EveryTransition_IsLoggedWithStructuredState()
    {
        var harness = new BreakerHarness("rag_api", BreakerHarness.Seed(3, 30));
        await harness.FailTimesAsync(3);
        harness.Time.Advance(TimeSpan.FromSeconds(30));
        await harness.SucceedAsync();

        var transitions = harness.Logger.Collector.GetSnapshot().Where(r => r.Id.Name == "CircuitTransition").ToList();

        Assert.Equal(3, transitions.Count);
        Assert.Equal(["closed>open", "open>half_open", "half_open>closed"],
            transitions.Select(r => $"{r.GetStructuredStateValue("From")}>{r.GetStructuredStateValue("To")}"));
        Assert.All(transitions, r => Assert.Equal("rag_api", r.GetStructuredStateValue("Circuit")));
        Assert.Equal(LogLevel.Warning, transitions[0].Level);
        Assert.Equal(LogLevel.Information, transitions[2].Level);
        Assert.Contains("3 consecutive failures", transitions[0].Message);
    }

    [Fact]
    public async Task Breaker_ManyRejections_AreLoggedOncePerOpenPeriodWithTheirCount()
    {
        var harness = new BreakerHarness("rag_api", BreakerHarness.Seed(3, 30));
        await harness.FailTimesAsync(3);

        await harness.SucceedTimesAsync(100);
        Assert.DoesNotContain(harness.Logger.Collector.GetSnapshot(), r => r.Id.Name == "CircuitRejections");
        harness.Time.Advance(TimeSpan.FromSeconds(30));

        var summary = Assert.Single(harness.Logger.Collector.GetSnapshot(), r => r.Id.Name == "CircuitRejections");
        Assert.Equal("100", summary.GetStructuredStateValue("Count"));
        Assert.Equal("open", summary.GetStructuredStateValue("State"));
        var ringEntry = Assert.Single(harness.Breaker.GetRecentEvents(), e => e.Kind == CircuitEventKinds.Rejections);
        Assert.Equal("100", ringEntry.Detail);
    }

    [Fact]
    public async Task Breaker_RecentEvents_KeepFailuresAndTransitionsInOrderAndStayBounded()
    {
        var harness = new BreakerHarness("voice_processing", BreakerHarness.Seed(2, 45));
        await harness.FailTimesAsync(2);

        var events = harness.Breaker.GetRecentEvents();
        Assert.Equal([CircuitEventKinds.Failure, CircuitEventKinds.Failure, CircuitEventKinds.Transition], events.Select(e => e.Kind));
        Assert.Equal(CircuitState.Closed, events[2].From);
        Assert.Equal(CircuitState.Open, events[2].To);

        harness.Breaker.Disable();
        await harness.FailTimesAsync(500);
        Assert.Equal(128, harness.Breaker.GetRecentEvents().Count);
    }

    [Fact]
    public async Task Breaker_TransitionAndRejection_AddEventsToTheCurrentActivity()
    {
        var harness = new BreakerHarness("rag_api", BreakerHarness.Seed(3, 30));
        using var source = new ActivitySource("Xnai.Tests.Resilience");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);

        using (var activity = source.StartActivity("call"))
        {
            Assert.NotNull(activity);
            await harness.FailTimesAsync(3);
            await harness.SucceedAsync();

            Assert.Equal(["circuit_breaker.transition", "circuit_breaker.rejected"], activity.Events.Select(e => e.Name));
            Assert.Contains(activity.Events.First().Tags, t => t.Key == "circuit_breaker.to" && (string?)t.Value == "open");
        }
    }
}
