using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Xnai.ChatApi.Chat;
using Xnai.Tests.Chat;
using Xnai.Tests.Integration;
using Xunit.Abstractions;

namespace Xnai.Tests.Chaos;

/// <summary>
/// The seed's chaos phase, made executable: with chat load running, dependencies are stopped by the orchestrator and
/// started again. Every request must get a 200 (answer or fallback) and everything must recover by itself.
/// One app (short break durations) serves the scenarios in turn; each leaves it whole.
/// </summary>
[Collection(LifecycleCollection.Name)]
[Trait("Category", "WholeApp")]
public sealed class ChaosSuiteTests(ResilienceAppFixture fixture, ITestOutputHelper output) : IClassFixture<ResilienceAppFixture>
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(45);

    private DistributedApplication App => fixture.App;

    [Fact]
    public async Task Scenario1_RagStoppedMidLoad_OpensAfterThree_FallsBackFast_Recovers()
    {
        var started = Stopwatch.StartNew();
        using var chat = App.CreateClient("chatapi");
        await using var load = BackgroundLoad.Start(chat.BaseAddress!);
        await load.RepliesAsync();

        var tripsBefore = (await chat.CircuitAsync("rag_api")).Trips;
        var stoppedAt = DateTimeOffset.UtcNow;
        await App.StopResourceAsync("rag");
        await ChaosAssertions.WaitForStateAsync(chat, "rag_api", "open", TimeSpan.FromSeconds(20));
        var opened = await chat.CircuitAsync("rag_api");
        Assert.Equal("degraded", (await chat.HealthAsync()).Status);

        // While rag stays down the breaker is open but for its probes: the load's calls are refused without a network
        // attempt. (That no call reaches rag while open is exact in Functional/RagBreakerTests.)
        var rejections = opened.TotalRejections;
        Assert.True(await ChatHttp.EventuallyAsync(
            async () => (await chat.CircuitAsync("rag_api")).TotalRejections > rejections,
            TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100)), "no fail-fast rejections while rag was down");

        // The 3rd failure in a row opened it, once; every later trip is a failed half-open probe (3 s breaks while rag is down).
        await ChaosAssertions.AssertTripsAccountedAsync(chat, "rag_api", stoppedAt, tripsBefore, "3 consecutive failures; half-open in 3 s", output);

        await App.StartResourceAsync("rag");
        await ChaosAssertions.WaitForStateAsync(chat, "rag_api", "closed", Recovery);
        await ChaosAssertions.WaitForHealthAsync(chat, "healthy", Recovery);

        var report = await load.StopAsync();
        ChaosAssertions.EveryRequestAnswered(report, output, "rag stopped");
        Assert.True(report.Fallback > 0, "no fallback answers while rag was down");
        Assert.True(report.Answered > 0);
        output.WriteLine($"scenario 1 took {started.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task Scenario2_CacheStoppedMidLoad_DegradedAnswers_EveryTurnStoredInOrder()
    {
        var started = Stopwatch.StartNew();
        using var chat = App.CreateClient("chatapi");
        await using var load = BackgroundLoad.Start(chat.BaseAddress!);
        await load.RepliesAsync();

        // The 5th failure opening and the buffered turns written in order, once each, are exact in Functional/RedisBreakerTests.
        await App.StopResourceAsync("cache");
        await ChaosAssertions.WaitForHealthAsync(chat, "degraded", TimeSpan.FromSeconds(20));
        await load.RepliesAsync();
        await App.StartResourceAsync("cache");
        await ChaosAssertions.WaitForStateAsync(chat, "redis", "closed", Recovery);
        await load.RepliesAsync();

        var report = await load.StopAsync();
        ChaosAssertions.EveryRequestAnswered(report, output, "cache stopped");
        Assert.True(report.Fallback > 0, "no degraded answers while redis was down");
        await ChaosAssertions.EveryTurnStoredInOrderAsync(chat, report, output, Recovery);
        await ChaosAssertions.WaitForStateAsync(chat, "redis", "closed", Recovery);
        output.WriteLine($"scenario 2 took {started.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task Scenario3_VoiceStopped_VoiceChatAnswersInText_TextChatUnaffected()
    {
        var started = Stopwatch.StartNew();
        using var chat = App.CreateClient("chatapi");
        var wav = await App.SynthesizeAsync("how do the circuit breakers recover");
        await using var load = BackgroundLoad.Start(chat.BaseAddress!);

        var tripsBefore = (await chat.CircuitAsync("voice_processing")).Trips;
        var stoppedAt = DateTimeOffset.UtcNow;
        await App.StopResourceAsync("voice");
        try
        {
            for (var i = 0; i < 6; i++)
            {
                using var form = new MultipartFormDataContent
                {
                    { ChatHttp.WavContent(wav), "file", "question.wav" },
                    { new StringContent($"How do the circuit breakers recover? ({i})"), "message" },
                };
                using var response = await chat.PostAsync("/api/chat/voice", form);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.IsSuccessStatusCode, body);
                var json = JsonSerializer.Deserialize<VoiceChatResponse>(body, ContractJson.Web)!;
                Assert.Null(json.Audio);
                Assert.Contains("voice_processing", json.DegradedServices);
                Assert.False(string.IsNullOrWhiteSpace(json.Answer));
            }

            // Voice is down, so its breaker cannot be closed (open, or half-open once a 3 s break ended with no call yet);
            // the 2nd failure in a row opened it, and any later trip is a failed probe.
            Assert.NotEqual("closed", await ChaosAssertions.StateAsync(chat, "voice_processing"));
            await ChaosAssertions.AssertTripsAccountedAsync(chat, "voice_processing", stoppedAt, tripsBefore, "2 consecutive failures; half-open in 3 s", output);
            Assert.Equal("closed", await ChaosAssertions.StateAsync(chat, "rag_api"));
            Assert.Equal("closed", await ChaosAssertions.StateAsync(chat, "redis"));
        }
        finally
        {
            await App.StartResourceAsync("voice");
        }

        Assert.True(await ChatHttp.EventuallyAsync(async () =>
        {
            using var again = await chat.PostAsync("/api/chat/voice", ChatHttp.WavContent(wav));
            return again.IsSuccessStatusCode
                && (await again.Content.ReadFromJsonAsync<VoiceChatResponse>(ContractJson.Web))!.Audio is not null;
        }, Recovery, TimeSpan.FromSeconds(1)), "spoken replies did not come back");

        var report = await load.StopAsync();
        ChaosAssertions.EveryRequestAnswered(report, output, "voice stopped (text load)");
        // Text chat never touches voice: no text answer may name it, nor the knowledge base or the session store,
        // which stayed up. Only rag's semantic tier may have degraded on its own: its per-query deadline is tight, and
        // the voice worker's restart competes for the same two cores (that answer is still a full keyword answer).
        Assert.DoesNotContain(report.FallbackBy.Keys, service => service != "rag_semantic");
        output.WriteLine($"scenario 3 took {started.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task Scenario4_AllThreeStopped_ChatStillAnswers_AllRecover()
    {
        var started = Stopwatch.StartNew();
        using var chat = App.CreateClient("chatapi");
        await using var load = BackgroundLoad.Start(chat.BaseAddress!);
        await load.RepliesAsync();

        await Task.WhenAll(App.StopResourceAsync("rag"), App.StopResourceAsync("cache"), App.StopResourceAsync("voice"));
        await ChaosAssertions.WaitForStateAsync(chat, "rag_api", "open", TimeSpan.FromSeconds(20));
        var during = await chat.ChatAsync("Is anything still working?");
        Assert.Contains("temporarily unable to access my knowledge base", during.Answer);
        Assert.Contains("rag_api", during.DegradedServices);
        Assert.Contains("session_store", during.DegradedServices);
        await load.RepliesAsync();

        await Task.WhenAll(App.StartResourceAsync("rag"), App.StartResourceAsync("cache"), App.StartResourceAsync("voice"));
        foreach (var breaker in new[] { "rag_api", "redis" })
        {
            await ChaosAssertions.WaitForStateAsync(chat, breaker, "closed", Recovery);
        }

        var report = await load.StopAsync();
        ChaosAssertions.EveryRequestAnswered(report, output, "all stopped");
        await ChaosAssertions.EveryTurnStoredInOrderAsync(chat, report, output, Recovery);
        await ChaosAssertions.WaitForHealthAsync(chat, "healthy", Recovery);
        output.WriteLine($"scenario 4 took {started.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task Scenario6_RagFlapping_BreakerFollows_NothingLeaks()
    {
        var started = Stopwatch.StartNew();
        using var chat = App.CreateClient("chatapi");
        await using var load = BackgroundLoad.Start(chat.BaseAddress!);
        await load.RepliesAsync();
        var before = await ResourceUsage.ReadAsync(chat);
        var tripsBefore = (await chat.CircuitAsync("rag_api")).Trips;
        var flappingSince = DateTimeOffset.UtcNow;

        const int Flaps = 3;
        for (var flap = 1; flap <= Flaps; flap++)
        {
            await App.StopResourceAsync("rag");
            await ChaosAssertions.WaitForStateAsync(chat, "rag_api", "open", TimeSpan.FromSeconds(20));
            await App.StartResourceAsync("rag");
            await ChaosAssertions.WaitForStateAsync(chat, "rag_api", "closed", Recovery);
        }

        // Each flap opened once from closed (the 3rd failure) and recovered once (a probe after rag was back); any other
        // trip is a failed probe while rag was still down.
        var transitions = await ChaosAssertions.AssertTripsAccountedAsync(
            chat, "rag_api", flappingSince, tripsBefore, "3 consecutive failures; half-open in 3 s", output, closedOpenings: Flaps);
        Assert.Equal(Flaps, transitions.Count(t => (t.From, t.To) == ("half_open", "closed")));
        Assert.Equal("closed", transitions[^1].To);
        var report = await load.StopAsync();
        ChaosAssertions.EveryRequestAnswered(report, output, "rag flapping");

        var after = await ResourceUsage.ReadAsync(chat);
        output.WriteLine($"before: {before}; after: {after}");
        Assert.True(after.OpenConnections <= before.OpenConnections + 16, $"connections grew: {before} -> {after}");
        Assert.True(after.HeapBytes <= (before.HeapBytes * 2) + (64L * 1024 * 1024), $"heap grew: {before} -> {after}");
        Assert.Equal("closed", await ChaosAssertions.StateAsync(chat, "redis"));
        Assert.Equal("closed", await ChaosAssertions.StateAsync(chat, "voice_processing"));
        output.WriteLine($"scenario 6 took {started.Elapsed.TotalSeconds:F1} s");
    }
}
