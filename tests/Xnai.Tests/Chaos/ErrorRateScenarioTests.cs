using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Xnai.Tests.Chat;
using Xnai.Tests.Integration;
using Xunit.Abstractions;

namespace Xnai.Tests.Chaos;

/// <summary>Scenario 5: RAG fails 60 % of calls (fault injection, no stop); the error-rate rule opens the breaker.</summary>
[Collection(LifecycleCollection.Name)]
[Trait("Category", "WholeApp")]
public sealed class ErrorRateScenarioTests(ErrorRateAppFixture fixture, ITestOutputHelper output) : IClassFixture<ErrorRateAppFixture>
{
    [Fact]
    public async Task Scenario5_RagSixtyPercentErrors_ErrorRateRuleOpens_LatencyBounded_NoCascade()
    {
        var started = Stopwatch.StartNew();
        var app = fixture.App;
        using var chat = app.CreateClient("chatapi");
        using var ragAdmin = app.CreateClient("rag", XnaiApp.AdminKey);
        await using var load = BackgroundLoad.Start(chat.BaseAddress!);
        try
        {
            (await ragAdmin.PostAsJsonAsync("/api/admin/faults", new { errorRate = 0.6 })).EnsureSuccessStatusCode();
            await ChaosAssertions.WaitForStateAsync(chat, "rag_api", "open", TimeSpan.FromSeconds(30));

            var breaker = await chat.CircuitAsync("rag_api");
            output.WriteLine($"failure rate now {breaker.FailureRate:P0}, fail_count {breaker.FailCount}");

            // The ratio that tripped it is in the transition's reason. The snapshot read afterwards may show a little less:
            // successes that completed concurrently with the tripping failure still count in the window.
            var events = await chat.CircuitEventsAsync();
            var opened = events.FirstOrDefault(e => e.Circuit == "rag_api" && e.To == "open");
            Assert.True(opened is not null, string.Join(" | ", events));
            var reason = opened.Detail ?? "";
            output.WriteLine($"opened: {reason}");
            var tripRatio = Regex.Match(reason, @"^failure ratio (?<ratio>[0-9.]+) above 0\.5 over (?<calls>[0-9]+) calls");
            Assert.True(tripRatio.Success, reason);
            Assert.True(double.Parse(tripRatio.Groups["ratio"].Value, CultureInfo.InvariantCulture) > 0.5, reason);
            Assert.True(int.Parse(tripRatio.Groups["calls"].Value, CultureInfo.InvariantCulture) >= 20, reason);
            Assert.True(breaker.FailureRate >= 0.4, breaker.ToString());

            // The load keeps running against the open breaker (fail-fast fallbacks) before the faults are cleared.
            await load.RepliesAsync();
        }
        finally
        {
            (await ragAdmin.DeleteAsync("/api/admin/faults")).EnsureSuccessStatusCode();
        }

        await ChaosAssertions.WaitForStateAsync(chat, "rag_api", "closed", TimeSpan.FromSeconds(45));
        var report = await load.StopAsync();
        ChaosAssertions.EveryRequestAnswered(report, output, "rag 60 % errors");

        // Bounded: no request waited anywhere near a hung dependency's cost; the other breakers never tripped.
        Assert.True(report.Latency.MaxMs < 10_000, $"max latency {report.Latency.MaxMs} ms");
        foreach (var other in new[] { "redis", "voice_processing" })
        {
            var snapshot = await chat.CircuitAsync(other);
            Assert.Equal("closed", snapshot.State);
            Assert.Equal(0, snapshot.Trips);
        }

        output.WriteLine($"scenario 5 took {started.Elapsed.TotalSeconds:F1} s");
    }
}
