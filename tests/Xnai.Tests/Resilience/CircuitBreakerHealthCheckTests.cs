using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Xnai.Resilience;
using Xnai.Resilience.Hosting;

namespace Xnai.Tests.Resilience;

/// <summary>The hosting layer's health check, through a plain ServiceCollection (no ASP.NET Core, no Aspire).</summary>
[Trait("Category", "Unit")]
public sealed class CircuitBreakerHealthCheckTests
{
    private readonly FakeTimeProvider _time = new();

    private ServiceProvider Build(HealthStatus failureStatus = HealthStatus.Degraded)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Xnai:Breakers:payments:ConsecutiveFailures"] = "2",
            ["Xnai:Breakers:payments:BreakDuration"] = "00:00:10",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<IConfiguration>(configuration);
        services.AddFakeLogging();
        services.AddHealthChecks().AddXnaiCircuitBreaker("payments", failureStatus, ["dependency"]);
        return services.BuildServiceProvider(validateScopes: true);
    }

    private static async Task FailAsync(CircuitBreaker breaker, int times)
    {
        var pipeline = new ResiliencePipelineBuilder().AddXnaiCircuitBreaker(breaker).Build();
        for (var i = 0; i < times; i++)
        {
            await pipeline.ExecuteOutcomeAsync<int, int>((_, _) => Outcome.FromExceptionAsValueTask<int>(new TimeoutException()), ResilienceContextPool.Shared.Get(), 0);
        }
    }

    private static async Task<HealthReportEntry> CheckAsync(ServiceProvider services)
    {
        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        return Assert.Single(report.Entries, e => e.Key == "breaker:payments").Value;
    }

    [Fact]
    public async Task Check_FollowsTheBreaker_ClosedOpenHalfOpenClosed()
    {
        await using var services = Build();
        var breaker = services.GetRequiredService<CircuitBreakerRegistry>().Get("payments");

        var closed = await CheckAsync(services);
        Assert.Equal(HealthStatus.Healthy, closed.Status);
        Assert.Equal("closed", closed.Data["breaker"]);
        Assert.Contains("dependency", closed.Tags);

        await FailAsync(breaker, 2);
        var open = await CheckAsync(services);
        Assert.Equal(HealthStatus.Degraded, open.Status);
        Assert.Equal("open", open.Data["breaker"]);
        Assert.Equal(10.0, open.Data["retry_after_seconds"]);

        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(6.0, (await CheckAsync(services)).Data["retry_after_seconds"]);

        _time.Advance(TimeSpan.FromSeconds(6));
        var pipeline = new ResiliencePipelineBuilder().AddXnaiCircuitBreaker(breaker).Build();
        await pipeline.ExecuteAsync(_ => ValueTask.CompletedTask);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(services)).Status);
    }

    [Fact]
    public async Task Check_IsolatedIsTheFailureStatus_DisabledIsHealthy()
    {
        await using var services = Build(HealthStatus.Unhealthy);
        var breaker = services.GetRequiredService<CircuitBreakerRegistry>().Get("payments");

        breaker.Isolate();
        var isolated = await CheckAsync(services);
        Assert.Equal(HealthStatus.Unhealthy, isolated.Status);
        Assert.Equal("isolated", isolated.Data["breaker"]);

        breaker.Reset();
        breaker.Disable();
        var disabled = await CheckAsync(services);
        Assert.Equal(HealthStatus.Healthy, disabled.Status);
        Assert.Equal("disabled", disabled.Data["breaker"]);
    }
}
