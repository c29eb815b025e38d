namespace Xnai.Tests.Operations;

/// <summary>The alert rules operators import are valid and behave as their unit tests say (promtool).</summary>
[Trait("Category", "Unit")]
public sealed class AlertRulesTests
{
    [Fact]
    public async Task AlertRules_PassPromtoolCheck()
    {
        var (exitCode, output) = await Promtool.RunAsync("promtool", ["check", "rules", Promtool.DeployPath("prometheus", "alerts.yml")]);
        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS", output);
    }

    [Fact]
    public async Task AlertRules_PassTheirUnitTests()
    {
        var (exitCode, output) = await Promtool.RunAsync("promtool", ["test", "rules", "alerts.test.yml"], workingDirectory: Promtool.DeployPath("prometheus"));
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task LocalPrometheusConfig_IsValid()
    {
        var (exitCode, output) = await Promtool.RunAsync("promtool", ["check", "config", Promtool.DeployPath("prometheus", "prometheus.yml")]);
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public void GrafanaDashboard_HasTheSeedsFourPanels_OnOurMetricNames()
    {
        using var dashboard = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Promtool.DeployPath("grafana", "xnai-circuit-breakers.json")));
        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray().ToList();
        Assert.Equal(["Circuit breaker states", "Failure rates per service", "Recovery times", "Service health"], panels.Select(p => p.GetProperty("title").GetString()));
        var expressions = string.Join("\n", panels.SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()));
        foreach (var metric in new[] { "circuit_breaker_state", "circuit_breaker_failure_rate", "circuit_breaker_failures_total", "circuit_breaker_recovery_time_seconds_bucket", "circuit_breaker_recoveries_total" })
        {
            Assert.Contains(metric, expressions);
        }
    }
}
