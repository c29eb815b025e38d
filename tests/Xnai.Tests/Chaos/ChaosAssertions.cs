using System.Text.Json;
using Xnai.ChatApi.Circuits;
using Xnai.ChatApi.Health;
using Xnai.LoadTest;
using Xnai.Resilience;
using Xnai.Tests.Chat;
using Xnai.Tests.Functional;
using Xunit.Abstractions;

namespace Xnai.Tests.Chaos;

internal static class ChaosAssertions
{
    /// <summary>The seed's bar, strengthened: every request got a 200 with an answer or a fallback — no 5xx, no timeout.</summary>
    public static void EveryRequestAnswered(LoadReport report, ITestOutputHelper output, string scenario)
    {
        output.WriteLine(
            $"{scenario}: total {report.Total}, answered {report.Answered}, fallback {report.Fallback}, failed {report.Failed} " +
            $"(timeouts {report.Timeouts}, 429 {report.Rejected429}), {report.RequestsPerSecond:F1} req/s, " +
            $"p50 {report.Latency.P50Ms:F1} ms, p99 {report.Latency.P99Ms:F1} ms, max {report.Latency.MaxMs:F1} ms; " +
            $"fallback p50 {report.FallbackLatency.P50Ms:F1} ms, p99 {report.FallbackLatency.P99Ms:F1} ms; " +
            $"degraded by {string.Join(", ", report.FallbackBy.Select(kv => $"{kv.Key} {kv.Value}"))}");
        Assert.True(report.Total > 0, $"{scenario}: no request was sent");
        Assert.True(report.Failed == 0, $"{scenario}: {report.Failed} requests failed: {string.Join(" | ", report.SampleErrors)}");
        Assert.Equal(0, report.Timeouts);
    }

    public static async Task<string> StateAsync(HttpClient chat, string breaker) =>
        (await chat.CircuitAsync(breaker)).State;

    public static async Task WaitForStateAsync(HttpClient chat, string breaker, string state, TimeSpan timeout)
    {
        var reached = await ChatHttp.EventuallyAsync(async () => await StateAsync(chat, breaker) == state, timeout, TimeSpan.FromMilliseconds(100));
        Assert.True(reached, $"{breaker} did not become {state} within {timeout.TotalSeconds} s (now {await StateAsync(chat, breaker)})");
    }

    /// <summary>The breaker's transitions at or after <paramref name="since"/>, oldest first (from chatapi's event ring).</summary>
    public static async Task<List<CircuitEventView>> TransitionsSinceAsync(HttpClient chat, string breaker, DateTimeOffset since)
    {
        var events = await chat.CircuitEventsAsync();
        return [.. events.Where(e => e.Circuit == breaker && e.Kind == CircuitEventKinds.Transition && e.At >= since)];
    }

    /// <summary>
    /// Exact accounting of a breaker's trips since an outage began, whatever the machine's timing: the transitions form
    /// one chain starting closed → open for <paramref name="firstReason"/> (the threshold, not one failure earlier or later),
    /// <paramref name="closedOpenings"/> openings come from closed and every other one from a failed half-open probe,
    /// and the breaker's trip counter grew by exactly the openings listed. Returns the transitions.
    /// </summary>
    public static async Task<List<CircuitEventView>> AssertTripsAccountedAsync(
        HttpClient chat, string breaker, DateTimeOffset since, int tripsBefore, string firstReason, ITestOutputHelper output, int closedOpenings = 1)
    {
        // The counter and the ring are two reads: retry until no transition happened between them.
        for (var attempt = 1; ; attempt++)
        {
            var before = await TransitionsSinceAsync(chat, breaker, since);
            var trips = (await chat.CircuitAsync(breaker)).Trips;
            var after = await TransitionsSinceAsync(chat, breaker, since);
            if (before.Count != after.Count && attempt < 10)
            {
                continue;
            }

            var chain = string.Join(", ", after.Select(t => $"{t.From}->{t.To} ({t.Detail})"));
            output.WriteLine($"{breaker}: trips {tripsBefore} -> {trips}: {chain}");
            Assert.True(after.Count > 0, $"{breaker}: no transition since the outage began");
            Assert.Equal(("closed", "open", firstReason), (after[0].From, after[0].To, after[0].Detail));
            for (var i = 1; i < after.Count; i++)
            {
                Assert.True(after[i].From == after[i - 1].To, $"{breaker}: broken chain {chain}");
            }

            var openings = after.Where(t => t.To == "open").ToList();
            Assert.True(openings.Count(t => t.From == "closed") == closedOpenings, $"{breaker}: {chain}");
            Assert.True(openings.All(t => t.From is "closed" or "half_open"), $"{breaker}: {chain}");
            Assert.True(tripsBefore + openings.Count == trips, $"{breaker}: trips {tripsBefore} -> {trips}, transitions {chain}");
            return after;
        }
    }

    public static async Task WaitForHealthAsync(HttpClient chat, string status, TimeSpan timeout)
    {
        ChatHealthEndpoint.HealthResponse? last = null;
        var reached = await ChatHttp.EventuallyAsync(async () =>
        {
            last = await chat.HealthAsync();
            return last.Status == status;
        }, timeout, TimeSpan.FromMilliseconds(250));
        Assert.True(reached, $"/health did not become {status} within {timeout.TotalSeconds} s: {JsonSerializer.Serialize(last, ContractJson.SnakeCase)}");
    }

    /// <summary>Every user message that got a 200 is stored in its session, in the order it was sent: 0 lost.</summary>
    public static async Task EveryTurnStoredInOrderAsync(HttpClient chat, LoadReport report, ITestOutputHelper output, TimeSpan timeout)
    {
        Assert.True(await ChatHttp.EventuallyAsync(
            async () => (await chat.HealthAsync()).SessionBuffer.Pending == 0,
            timeout), "pending turns were not written after redis came back");

        var checkedTurns = 0;
        foreach (var (sessionId, sent) in report.Sessions)
        {
            var stored = (await chat.SessionAsync(sessionId)).UserTexts().ToList();
            Assert.Equal(sent.Select(s => s.Trim()), stored);
            checkedTurns += sent.Count;
        }

        Assert.Equal(0, (await chat.HealthAsync()).SessionBuffer.Overflowed);
        output.WriteLine($"{report.Sessions.Count} sessions, {checkedTurns} user turns: all stored, in order, 0 lost");
    }
}
