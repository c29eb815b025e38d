using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Xnai.Tests.Chat;
using Xnai.Tests.Integration;
using Xunit.Abstractions;

namespace Xnai.Tests.Operations;

/// <summary>
/// A real Prometheus server (Debian's, on loopback) scrapes chatapi; the RAG breaker is tripped and the open state
/// is read back through Prometheus's HTTP API. The live scrape also passes <c>promtool check metrics</c>.
/// </summary>
[Collection(XnaiAppCollection.Name)]
[Trait("Category", "WholeApp")]
public sealed class PrometheusTests(XnaiAppFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task LiveScrape_PassesPromtoolCheckMetrics()
    {
        using var chat = fixture.CreateClient("chatapi");
        await chat.ChatAsync("Warm up the counters: what is the redis breaker?");
        var scrape = await chat.GetStringAsync("/metrics");
        var (exitCode, lint) = await Promtool.RunAsync("promtool", ["check", "metrics"], stdin: scrape);
        output.WriteLine(lint);
        var ours = lint.Split('\n').Where(l => l.StartsWith("circuit_breaker", StringComparison.Ordinal) || l.StartsWith("xnai_", StringComparison.Ordinal)).ToList();
        Assert.True(ours.Count == 0, "lint problems in our metrics:\n" + string.Join('\n', ours));
        Assert.True(exitCode == 0 || lint.Length > 0, "promtool failed without saying why");
    }

    [Fact]
    public async Task Prometheus_ScrapesChatApi_SeesRagBreakerOpen()
    {
        var chatEndpoint = fixture.App.GetEndpoint("chatapi", "http");
        var port = FreeLoopbackPort();
        var work = Directory.CreateTempSubdirectory("xnai-prometheus-").FullName;
        var config = Path.Combine(work, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files:
              - {Promtool.DeployPath("prometheus", "alerts.yml")}
            scrape_configs:
              - job_name: chatapi
                metrics_path: /metrics
                static_configs:
                  - targets: ['{chatEndpoint.Authority}']
            """);

        using var prometheus = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("prometheus")
        {
            ArgumentList =
            {
                $"--config.file={config}",
                $"--storage.tsdb.path={Path.Combine(work, "data")}",
                $"--web.listen-address=127.0.0.1:{port}",
                "--log.level=warn",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        using var chat = fixture.CreateClient("chatapi");
        using var admin = fixture.CreateAdminClient("chatapi");
        using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            Assert.True(await ChatHttp.EventuallyAsync(async () => await QueryAsync(api, "circuit_breaker_state{service=\"rag_api\"}") == 0, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(1)),
                "Prometheus never scraped circuit_breaker_state{service=\"rag_api\"} = 0");

            (await admin.PostAsync("/api/circuits/rag_api/isolate", null)).EnsureSuccessStatusCode();
            for (var i = 0; i < 3; i++)
            {
                await chat.ChatAsync("Is the knowledge base there?");
            }

            Assert.True(await ChatHttp.EventuallyAsync(async () => await QueryAsync(api, "circuit_breaker_state{service=\"rag_api\"}") == 3, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1)),
                "Prometheus did not see the isolated state (3)");

            // A real trip: the knowledge base fails every call (chaos outage), the breaker opens on its own.
            (await admin.PostAsync("/api/circuits/rag_api/reset", null)).EnsureSuccessStatusCode();
            using var ragAdmin = fixture.CreateAdminClient("rag");
            (await ragAdmin.PostAsJsonAsync("/api/admin/faults", new { outage = true })).EnsureSuccessStatusCode();
            try
            {
                for (var i = 0; i < 3; i++)
                {
                    await chat.ChatAsync("Is the knowledge base there?");
                }

                Assert.True(await ChatHttp.EventuallyAsync(async () => await QueryAsync(api, "circuit_breaker_state{service=\"rag_api\"}") == 1, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1)),
                    "Prometheus did not read circuit_breaker_state{service=\"rag_api\"} == 1");
                Assert.True(await QueryAsync(api, "sum(circuit_breaker_failures_total{service=\"rag_api\"})") >= 3);
            }
            finally
            {
                (await ragAdmin.DeleteAsync("/api/admin/faults")).EnsureSuccessStatusCode();
            }
        }
        finally
        {
            await admin.PostAsync("/api/circuits/rag_api/reset", null);
            prometheus.Kill(entireProcessTree: true);
            await prometheus.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<double?> QueryAsync(HttpClient api, string query)
    {
        try
        {
            var result = await api.GetFromJsonAsync<JsonElement>($"/api/v1/query?query={Uri.EscapeDataString(query)}");
            var vector = result.GetProperty("data").GetProperty("result");
            if (vector.GetArrayLength() == 0)
            {
                return null;
            }

            return double.Parse(vector[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
