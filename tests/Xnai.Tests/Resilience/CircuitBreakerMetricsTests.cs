using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Metrics;
using Polly;
using Xnai.Resilience;
using Xnai.Resilience.Hosting;

namespace Xnai.Tests.Resilience;

[Trait("Category", "Unit")]
public sealed class CircuitBreakerMetricsTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly ServiceProvider _services;
    private readonly IMeterFactory _meterFactory;
    private readonly CircuitBreakerRegistry _registry;

    public CircuitBreakerMetricsTests()
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        _meterFactory = _services.GetRequiredService<IMeterFactory>();
        var options = new StaticOptionsMonitor(new CircuitBreakerOptions { ConsecutiveFailures = 3, BreakDuration = TimeSpan.FromSeconds(30) });
        _registry = new CircuitBreakerRegistry(options, _time, NullLoggerFactory.Instance, _meterFactory);
    }

    public void Dispose()
    {
        _registry.Dispose();
        _services.Dispose();
    }

    private MetricCollector<T> Collect<T>(string instrument) where T : struct =>
        new(_meterFactory, CircuitBreakerInstruments.MeterName, instrument, _time);

    private static async Task CallAsync(ResiliencePipeline pipeline, bool fail, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            var context = ResilienceContextPool.Shared.Get();
            await pipeline.ExecuteOutcomeAsync(
                static (_, fail) => fail ? Outcome.FromExceptionAsValueTask<int>(new IOException()) : Outcome.FromResultAsValueTask(1),
                context, fail);
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static long Last<T>(MetricCollector<T> collector, string service) where T : struct =>
        Convert.ToInt64(collector.GetMeasurementSnapshot().Last(m => (string?)m.Tags[CircuitBreakerInstruments.ServiceTag] == service).Value);

    [Fact]
    public async Task Metrics_StateGauge_ReportsTheSeedCodesPerService()
    {
        using var state = Collect<int>(CircuitBreakerInstruments.State);
        var rag = _registry.GetOrAdd("rag_api");
        var redis = _registry.GetOrAdd("redis");
        _registry.GetOrAdd("voice_processing").Disable();
        redis.Isolate();

        state.RecordObservableInstruments();
        Assert.Equal(0, Last(state, "rag_api"));
        Assert.Equal(3, Last(state, "redis"));
        Assert.Equal(4, Last(state, "voice_processing"));

        await CallAsync(new ResiliencePipelineBuilder().AddXnaiCircuitBreaker(rag).Build(), fail: true, times: 3);
        state.RecordObservableInstruments();
        Assert.Equal(1, Last(state, "rag_api"));

        _time.Advance(TimeSpan.FromSeconds(30));
        state.RecordObservableInstruments();
        Assert.Equal(2, Last(state, "rag_api"));
    }

    [Fact]
    public async Task Metrics_Counters_ReadFailuresRejectionsAndRecoveries()
    {
        using var failures = Collect<long>(CircuitBreakerInstruments.Failures);
        using var rejections = Collect<long>(CircuitBreakerInstruments.Rejections);
        using var recoveries = Collect<long>(CircuitBreakerInstruments.Recoveries);
        using var calls = Collect<long>(CircuitBreakerInstruments.Calls);
        using var recoveryTime = Collect<double>(CircuitBreakerInstruments.RecoveryTime);
        var pipeline = new ResiliencePipelineBuilder().AddXnaiCircuitBreaker(_registry.GetOrAdd("rag_api")).Build();

        await CallAsync(pipeline, fail: true, times: 3);
        await CallAsync(pipeline, fail: false, times: 7);
        _time.Advance(TimeSpan.FromSeconds(30));
        await CallAsync(pipeline, fail: true);
        _time.Advance(TimeSpan.FromSeconds(30));
        await CallAsync(pipeline, fail: false);

        failures.RecordObservableInstruments();
        rejections.RecordObservableInstruments();
        recoveries.RecordObservableInstruments();
        calls.RecordObservableInstruments();

        Assert.Equal(4, Last(failures, "rag_api"));
        Assert.Equal(7, Last(rejections, "rag_api"));
        Assert.Equal(1, Last(recoveries, "rag_api"));
        Assert.Equal(5, Last(calls, "rag_api"));
        var recovery = Assert.Single(recoveryTime.GetMeasurementSnapshot());
        Assert.Equal(60, recovery.Value);
        Assert.Equal("rag_api", recovery.Tags[CircuitBreakerInstruments.ServiceTag]);
        Assert.Equal("s", recoveryTime.Instrument?.Unit);
    }

    [Fact]
    public async Task Metrics_FailureRateGauge_ReadsTheWindow()
    {
        using var rate = Collect<double>(CircuitBreakerInstruments.FailureRate);
        var pipeline = new ResiliencePipelineBuilder().AddXnaiCircuitBreaker(_registry.GetOrAdd("redis")).Build();

        await CallAsync(pipeline, fail: false, times: 3);
        await CallAsync(pipeline, fail: true);
        rate.RecordObservableInstruments();

        Assert.Equal(0.25, rate.GetMeasurementSnapshot().Last().Value);
    }

    [Fact]
    public void Metrics_InstrumentNames_BecomeTheSeedPrometheusNames()
    {
        // OpenTelemetry's Prometheus exporter appends "_total" to counters and the unit to the name; gauges keep theirs.
        Assert.Equal("circuit_breaker_state", CircuitBreakerInstruments.State);
        Assert.Equal("circuit_breaker_failures_total", CircuitBreakerInstruments.Failures + "_total");
        Assert.Equal("circuit_breaker_recoveries_total", CircuitBreakerInstruments.Recoveries + "_total");
        Assert.Equal("circuit_breaker_rejections_total", CircuitBreakerInstruments.Rejections + "_total");

        _registry.GetOrAdd("rag_api");
        var seen = new Dictionary<string, (Type Type, string? Unit)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == CircuitBreakerInstruments.MeterName && instrument.Meter.Scope == _meterFactory)
                {
                    seen[instrument.Name] = (instrument.GetType().GetGenericTypeDefinition(), instrument.Unit);
                }
            },
        };
        listener.Start();

        Assert.Equal(typeof(ObservableGauge<>), seen[CircuitBreakerInstruments.State].Type);
        Assert.Null(seen[CircuitBreakerInstruments.State].Unit);
        Assert.Equal(typeof(ObservableCounter<>), seen[CircuitBreakerInstruments.Failures].Type);
        Assert.Equal(typeof(ObservableCounter<>), seen[CircuitBreakerInstruments.Recoveries].Type);
        Assert.Equal(typeof(ObservableCounter<>), seen[CircuitBreakerInstruments.Rejections].Type);
        Assert.Equal(typeof(ObservableGauge<>), seen[CircuitBreakerInstruments.FailureRate].Type);
        Assert.Equal((typeof(Histogram<>), "s"), seen[CircuitBreakerInstruments.RecoveryTime]);
    }

    [Fact]
    public async Task Metrics_PrometheusScrape_ShowsTheSeedNames()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddXnaiCircuitBreaker("rag_api");
        builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(CircuitBreakerInstruments.MeterName).AddPrometheusExporter());
        await using var app = builder.Build();
        app.MapPrometheusScrapingEndpoint("/metrics");
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var breaker = app.Services.GetRequiredService<CircuitBreakerRegistry>().Get("rag_api");
        var pipeline = new ResiliencePipelineBuilder().AddXnaiCircuitBreaker(breaker).Build();
        await CallAsync(pipeline, fail: true, times: 3);
        await CallAsync(pipeline, fail: false);
        _time.Advance(TimeSpan.FromSeconds(30));
        await CallAsync(pipeline, fail: false);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var text = await http.GetStringAsync(new Uri(new Uri(app.Urls.First()), "/metrics"));

        foreach (var name in new[]
        {
            "circuit_breaker_state", "circuit_breaker_failures_total", "circuit_breaker_recoveries_total",
            "circuit_breaker_rejections_total", "circuit_breaker_failure_rate", "circuit_breaker_recovery_time_seconds_count",
        })
        {
            Assert.Matches(new Regex($@"^{name}\{{[^}}]*service=""rag_api""[^}}]*\}} \d", RegexOptions.Multiline), text);
        }

        Assert.Matches(new Regex(@"^circuit_breaker_failures_total\{[^}]*service=""rag_api""[^}]*\} 3( |$)", RegexOptions.Multiline), text);
        Assert.Matches(new Regex(@"^circuit_breaker_recoveries_total\{[^}]*service=""rag_api""[^}]*\} 1( |$)", RegexOptions.Multiline), text);
        await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    private sealed class StaticOptionsMonitor(CircuitBreakerOptions value) : IOptionsMonitor<CircuitBreakerOptions>
    {
        public CircuitBreakerOptions CurrentValue => value;

        public CircuitBreakerOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<CircuitBreakerOptions, string?> listener) => null;
    }
}
