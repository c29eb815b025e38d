using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.Testing;
using Xnai.Chaos;

namespace Xnai.Tests.Rag;

[Trait("Category", "Unit")]
public sealed class FaultInjectionPipelineTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly FaultControl _control;
    private readonly ServiceProvider _services;
    private readonly FaultInjectionMetrics _metrics;
    private readonly ResiliencePipeline _pipeline;

    public FaultInjectionPipelineTests()
    {
        _control = new FaultControl(_time);
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        _metrics = new FaultInjectionMetrics(_services.GetRequiredService<IMeterFactory>(), _control, "Xnai.Tests.Chaos");
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = _time }.AddXnaiFaults(_control, _metrics).Build();
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public void Pipeline_IsLatencyThenOutageThenErrors()
    {
        var strategies = _pipeline.GetPipelineDescriptor().Strategies;

        Assert.Equal(
            [FaultInjectionPipelineExtensions.LatencyStrategyName, FaultInjectionPipelineExtensions.OutageStrategyName, FaultInjectionPipelineExtensions.ErrorStrategyName],
            strategies.Select(s => s.Options!.Name));
    }

    [Fact]
    public async Task NoFaults_NoCallFails()
    {
        Assert.Equal(0, await FailuresAsync(1000));
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public async Task ErrorRate_FailsAboutThatShareOfCalls(double rate)
    {
        const int calls = 4000;
        _control.Set(rate, 0, false, null);

        var observed = (double)await FailuresAsync(calls) / calls;

        // Binomial standard deviation at 4,000 calls is at most 0.8 %; 4 % is five of them.
        Assert.InRange(observed, rate - 0.04, rate + 0.04);
    }

    [Fact]
    public async Task Outage_EveryCallFails_ClearedNoneFail()
    {
        _control.Set(0, 0, outage: true, null);
        Assert.Equal(500, await FailuresAsync(500));

        _control.Clear();
        Assert.Equal(0, await FailuresAsync(500));
    }

    [Fact]
    public async Task Outage_ThrowsAnOutageFault()
    {
        _control.Set(0, 0, outage: true, null);

        var fault = await Assert.ThrowsAsync<InjectedFaultException>(() => _pipeline.ExecuteAsync(_ => ValueTask.FromResult(1)).AsTask());

        Assert.True(fault.IsOutage);
    }

    [Fact]
    public async Task Latency_DelaysTheCallUntilTimeHasPassed()
    {
        _control.Set(0, 2000, false, null);

        var call = _pipeline.ExecuteAsync(_ => ValueTask.FromResult(42)).AsTask();
        _time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.False(call.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(42, await call.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Faults_ExpireWithoutRebuildingThePipeline()
    {
        _control.Set(0, 0, outage: true, TimeSpan.FromSeconds(60));
        Assert.Equal(10, await FailuresAsync(10));

        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(0, await FailuresAsync(10));
    }

    [Fact]
    public async Task Metrics_CountInjectionsByKindAndShowTheState()
    {
        using var injected = new MetricCollector<long>(_services.GetRequiredService<IMeterFactory>(), "Xnai.Tests.Chaos", FaultInjectionMetrics.Instruments.Injected);
        using var active = new MetricCollector<int>(_services.GetRequiredService<IMeterFactory>(), "Xnai.Tests.Chaos", FaultInjectionMetrics.Instruments.Active);
        _control.Set(0, 0, outage: true, null);

        await FailuresAsync(3);
        active.RecordObservableInstruments();

        Assert.Equal(3, injected.GetMeasurementSnapshot().Count(m => (string?)m.Tags[FaultInjectionMetrics.Tags.Kind] == FaultInjectionMetrics.Tags.Outage));
        Assert.Equal(1, active.LastMeasurement?.Value);
    }

    private async Task<int> FailuresAsync(int calls)
    {
        var failures = 0;
        for (var i = 0; i < calls; i++)
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync((_, _) => Outcome.FromResultAsValueTask(true), ResilienceContextPool.Shared.Get(), 0);
            failures += outcome.Exception is InjectedFaultException ? 1 : 0;
        }

        return failures;
    }
}
