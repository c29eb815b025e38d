using Polly;
using Polly.Simmy;
using Polly.Simmy.Fault;
using Polly.Simmy.Latency;

namespace Xnai.Chaos;

/// <summary>Adds Simmy chaos strategies driven by a <see cref="FaultControl"/> to a Polly pipeline.</summary>
public static class FaultInjectionPipelineExtensions
{
    /// <summary>Strategy name of the added latency (appears in Polly telemetry).</summary>
    public const string LatencyStrategyName = "Chaos.Latency";

    /// <summary>Strategy name of the outage fault.</summary>
    public const string OutageStrategyName = "Chaos.Outage";

    /// <summary>Strategy name of the random error fault.</summary>
    public const string ErrorStrategyName = "Chaos.Errors";

    /// <summary>
    /// Adds, outermost first: latency on every call, then an outage (fault at rate 1), then random faults
    /// at the error rate. Every generator reads <paramref name="control"/> per call, so a change applies to
    /// the next call without rebuilding the pipeline. Latency comes first so a slow, failing dependency
    /// looks like one to its callers' timeouts and breakers.
    /// </summary>
    public static TBuilder AddXnaiFaults<TBuilder>(this TBuilder builder, FaultControl control, FaultInjectionMetrics? metrics = null)
        where TBuilder : ResiliencePipelineBuilderBase
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(control);

        builder.AddChaosLatency(new ChaosLatencyStrategyOptions
        {
            Name = LatencyStrategyName,
            EnabledGenerator = _ => ValueTask.FromResult(control.Current.LatencyMs > 0),
            InjectionRate = 1,
            LatencyGenerator = _ => ValueTask.FromResult(TimeSpan.FromMilliseconds(control.Current.LatencyMs)),
            OnLatencyInjected = _ => Record(metrics, FaultInjectionMetrics.Tags.LatencyKind),
        });

        builder.AddChaosFault(new ChaosFaultStrategyOptions
        {
            Name = OutageStrategyName,
            EnabledGenerator = _ => ValueTask.FromResult(control.Current.Outage),
            InjectionRate = 1,
            FaultGenerator = _ => ValueTask.FromResult<Exception?>(
                new InjectedFaultException("Injected outage: the service is switched off by the chaos controls.") { IsOutage = true }),
            OnFaultInjected = _ => Record(metrics, FaultInjectionMetrics.Tags.Outage),
        });

        builder.AddChaosFault(new ChaosFaultStrategyOptions
        {
            Name = ErrorStrategyName,
            EnabledGenerator = _ => ValueTask.FromResult(control.Current.ErrorRate > 0),
            InjectionRateGenerator = _ => ValueTask.FromResult(control.Current.ErrorRate),
            FaultGenerator = _ => ValueTask.FromResult<Exception?>(
                new InjectedFaultException("Injected failure: drawn at the error rate set by the chaos controls.")),
            OnFaultInjected = _ => Record(metrics, FaultInjectionMetrics.Tags.Error),
        });

        return builder;
    }

    private static ValueTask Record(FaultInjectionMetrics? metrics, string kind)
    {
        metrics?.RecordInjected(kind);
        return ValueTask.CompletedTask;
    }
}
