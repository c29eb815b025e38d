using System.Diagnostics;
using System.Text.Json;
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
        await Task.Delay(TimeSpan.FromSeconds(2));

        var tripsBefore = (await chat.CircuitAsync("rag_api")).GetProperty("trips").GetInt32();
        await App.StopResourceAsync("rag");
        await ChaosAssertions.WaitForStateAsync(chat, "rag_api", "open", TimeSpan.FromSeconds(20));
        var opened = await chat.CircuitAsync("rag_api");
        // One trip; a second only if a half-open probe (3 s break) failed before this read on a slow machine.
        // The exact rule (the 3rd failure opens, once; a failed probe is the 2nd trip) is proven on a fake clock in Functional/RagBreakerTests.
        Assert.InRange(opened.GetProperty("trips").GetInt32(), tripsBefore + 1, tripsBefore + 2);
        Assert.Equal("degraded", (await chat.GetJsonAsync("/health")).GetProperty("status").GetString());

        // While open, calls are refused by the breaker: rejections grow, failures (network attempts) do not.
        // Timing-tolerant here (the 3 s break may end first); exact in Functional/RagBreakerTests.WhileOpen_CallsAreRejected_WithoutReachingRag.
        var rejections = opened.GetProperty("total_rejections").GetInt64();
        await Task.Delay(TimeSpan.FromSeconds(1));
        var stillOpen = await chat.CircuitAsync("rag_api");
        if (stillOpen.GetProperty("state").GetString() == "open")
        {
            Assert.True(stillOpen.GetProperty("total_rejections").GetInt64() > rejections, "no fail-fast rejections while open");
        }

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
        await Task.Delay(TimeSpan.FromSeconds(2));

        // The 5th failure opening and the buffered turns written in order, once each, are exact in Functional/RedisBreakerTests.
        await App.StopResourceAsync("cache");
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Equal("degraded", (await chat.GetJsonAsync("/health")).GetProperty("status").GetString());
        await App.StartResourceAsync("cache");
        await Task.Delay(TimeSpan.FromSeconds(2));

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
                var json = JsonDocument.Parse(body).RootElement;
                Assert.Equal(JsonValueKind.Null, json.GetProperty("audio").ValueKind);
                Assert.Contains("voice_processing", json.DegradedServices());
                Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("answer").GetString()));
            }

            // Tripped by the second failure; the 3 s break may already have timed it into half-open.
            var voice = await chat.CircuitAsync("voice_processing");
            Assert.Contains(voice.GetProperty("state").GetString(), new[] { "open", "half_open" });
            Assert.True(voice.GetProperty("trips").GetInt32() >= 1, voice.ToString());
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
                && JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("audio").ValueKind == JsonValueKind.String;
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
        await Task.Delay(TimeSpan.FromSeconds(2));

        await Task.WhenAll(App.StopResourceAsync("rag"), App.StopResourceAsync("cache"), App.StopResourceAsync("voice"));
        await ChaosAssertions.WaitForStateAsync(chat, "rag_api", "open", TimeSpan.FromSeconds(20));
        var during = await chat.ChatAsync("Is anything still working?");
        Assert.Contains("temporarily unable to access my knowledge base", during.GetProperty("answer").GetString());
        Assert.Contains("rag_api", during.DegradedServices());
        Assert.Contains("session_store", during.DegradedServices());
        await Task.Delay(TimeSpan.FromSeconds(2));

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
        await Task.Delay(TimeSpan.FromSeconds(2));
        var before = await ResourceUsage.ReadAsync(chat);
        var tripsBefore = (await chat.CircuitAsync("rag_api")).GetProperty("trips").GetInt32();

        const int Flaps = 3;
        for (var flap = 1; flap <= Flaps; flap++)
        {
            await App.StopResourceAsync("rag");
            await ChaosAssertions.WaitForStateAsync(chat, "rag_api", "open", TimeSpan.FromSeconds(20));
            await App.StartResourceAsync("rag");
            await ChaosAssertions.WaitForStateAsync(chat, "rag_api", "closed", Recovery);
        }

        Assert.True((await chat.CircuitAsync("rag_api")).GetProperty("trips").GetInt32() >= tripsBefore + Flaps);
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
