using Xnai.LoadTest;

namespace Xnai.Tests.Load;

[Trait("Category", "Unit")]
public class LoopbackGuardTests
{
    [Theory]
    [InlineData("http://localhost:5101", true)]
    [InlineData("http://LOCALHOST:5101", true)]
    [InlineData("http://127.0.0.1:5101", true)]
    [InlineData("http://127.8.9.10/", true)]
    [InlineData("http://[::1]:5101", true)]
    [InlineData("http://10.0.0.5:5101", false)]
    [InlineData("http://192.168.1.20/", false)]
    [InlineData("https://example.com/", false)]
    [InlineData("http://localhost.example.com/", false)]
    public void IsLoopback(string url, bool loopback) => Assert.Equal(loopback, LoopbackGuard.IsLoopback(new Uri(url)));

    [Fact]
    public void Ensure_RefusesRemoteUnlessAllowed()
    {
        var remote = new Uri("http://10.1.2.3:5101");
        Assert.Throws<ArgumentException>(() => LoopbackGuard.Ensure(remote, allowRemote: false));
        LoopbackGuard.Ensure(remote, allowRemote: true);
        Assert.Throws<ArgumentException>(() => LoopbackGuard.Ensure(new Uri("ftp://localhost/"), allowRemote: true));
    }

    [Fact]
    public async Task RunAsync_RemoteTarget_IsRefusedBeforeAnyRequest()
    {
        var options = new LoadOptions { Target = new Uri("http://203.0.113.7:5101"), Users = 1, Duration = TimeSpan.FromSeconds(1) };
        await Assert.ThrowsAsync<ArgumentException>(() => LoadRunner.RunAsync(options));
    }
}

[Trait("Category", "Unit")]
public class LatencyHistogramTests
{
    [Fact]
    public void Summarize_UniformMilliseconds_GivesExactPercentiles()
    {
        var histogram = new LatencyHistogram();
        for (var ms = 1; ms <= 100; ms++)
        {
            histogram.Record(TimeSpan.FromMilliseconds(ms));
        }

        var summary = histogram.Summarize();
        Assert.Equal(100, histogram.Count);
        Assert.InRange(summary.P50Ms, 49.9, 50.1);
        Assert.InRange(summary.P99Ms, 98.9, 99.1);
        Assert.InRange(summary.MaxMs, 99.9, 100.1);
        Assert.InRange(summary.MeanMs, 50.4, 50.6);
    }

    [Fact]
    public void Record_LargeValues_StayWithinATenthOfAPercent()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(TimeSpan.FromSeconds(7.3));
        var p50 = histogram.Summarize().P50Ms;
        Assert.InRange(p50, 7300 * 0.999, 7300 * 1.001);
    }

    [Fact]
    public void Record_BeyondTheHighest_CountsAsTheHighest_AndZeroAsZero()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(TimeSpan.Zero);
        histogram.Record(TimeSpan.FromHours(5));

        var summary = histogram.Summarize();
        Assert.Equal(2, histogram.Count);
        Assert.Equal(0, summary.P50Ms);
        Assert.InRange(summary.MaxMs, LatencyHistogram.Highest.TotalMilliseconds * 0.999, LatencyHistogram.Highest.TotalMilliseconds * 1.001);
    }

    [Fact]
    public async Task Record_Concurrently_CountsEverySample()
    {
        var histogram = new LatencyHistogram();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 25_000; i++)
            {
                histogram.Record(TimeSpan.FromMicroseconds(i));
            }
        })));
        Assert.Equal(100_000, histogram.Count);
    }
}

[Trait("Category", "Unit")]
public class LoadReportJsonTests
{
    [Fact]
    public void Serialize_KeepsSessionCounts_NotEveryMessage()
    {
        var sessions = new Dictionary<string, IReadOnlyList<string>>
        {
            ["session-a"] = ["first question", "second question"],
            ["session-b"] = ["another question"],
        };
        var report = new LoadReport(3, 2, 1, 0, 0, 0, 30, TimeSpan.FromSeconds(1), LatencySummary.Empty, LatencySummary.Empty,
            new Dictionary<int, long> { [200] = 3 }, [], sessions, null, null);

        var json = System.Text.Json.JsonSerializer.Serialize(report, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));

        Assert.DoesNotContain("first question", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"sessions\"", json, StringComparison.Ordinal);
        Assert.Contains("\"sessionCount\":2", json, StringComparison.Ordinal);
        Assert.Contains("\"messagesSent\":3", json, StringComparison.Ordinal);
    }
}

[Trait("Category", "Unit")]
public class LoadRunnerFallbackTests
{
    [Fact]
    public async Task RunAsync_CountsDegradedAnswersPerNamedService()
    {
        var calls = 0;
        using var client = new HttpClient(new AnswerHandler(() => Interlocked.Increment(ref calls) switch
        {
            1 => """{"sessionId":"s1","degraded":true,"degradedServices":["rag_api","session_store"]}""",
            2 => """{"sessionId":"s1","degraded":true,"degradedServices":["rag_api"]}""",
            _ => """{"sessionId":"s1","degraded":false,"degradedServices":[]}""",
        }));
        var options = new LoadOptions { Target = new Uri("http://127.0.0.1:9"), Users = 1, Requests = 4, Duration = TimeSpan.FromSeconds(30) };

        var report = await LoadRunner.RunAsync(options, client);

        Assert.Equal(4, report.Total);
        Assert.Equal(2, report.Fallback);
        Assert.Equal(new Dictionary<string, long> { ["rag_api"] = 2, ["session_store"] = 1 }, report.FallbackBy);
    }

    [Fact]
    public async Task RunAsync_SplitsFallbacksIntoAnswerStoreAndUnstored()
    {
        var calls = 0;
        using var client = new HttpClient(new AnswerHandler(() => Interlocked.Increment(ref calls) switch
        {
            1 or 2 => """{"sessionId":"s1","degraded":true,"degradedServices":["rag_api"],"stale":{"answeredAt":"2026-12-07T10:00:00Z","ageSeconds":60,"match":"exact"}}""",
            3 => """{"sessionId":"s1","degraded":true,"degradedServices":["rag_api"],"stale":null}""",
            _ => """{"sessionId":"s1","degraded":false,"degradedServices":[]}""",
        }));
        var options = new LoadOptions { Target = new Uri("http://127.0.0.1:9"), Users = 1, Requests = 4, Duration = TimeSpan.FromSeconds(30) };

        var report = await LoadRunner.RunAsync(options, client);

        Assert.Equal((3L, 2L, 1L), (report.Fallback, report.Stale, report.UnstoredFallback));
    }

    /// <summary>The chat endpoint on the wire: every POST gets the next canned answer; the breaker reads get 404.</summary>
    private sealed class AnswerHandler(Func<string> next) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(request.Method == HttpMethod.Post
                ? new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent(next(), System.Text.Encoding.UTF8, "application/json") }
                : new HttpResponseMessage(System.Net.HttpStatusCode.NotFound));
    }
}
