using System.Diagnostics.Metrics;

namespace Xnai.Chaos;

/// <summary>
/// Chaos metrics: how many faults were injected, and gauges that read the live <see cref="FaultControl"/>
/// so a dashboard shows an experiment in progress. Polly's own "Polly" meter reports the same injections
/// per strategy; these instruments add the state, which Polly does not know.
/// </summary>
public sealed class FaultInjectionMetrics
{
    /// <summary>Meter used when the service does not name its own.</summary>
    public const string DefaultMeterName = "Xnai.Chaos";

    private readonly Counter<long> _injected;

    /// <summary>Creates the instruments on the meter <paramref name="meterName"/>.</summary>
    public FaultInjectionMetrics(IMeterFactory meterFactory, FaultControl control, string meterName = DefaultMeterName)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(control);
        var meter = meterFactory.Create(meterName);
        _injected = meter.CreateCounter<long>(Instruments.Injected, "{fault}", "Faults injected by the chaos controls.");
        meter.CreateObservableGauge(Instruments.Active, () => control.Current.IsActive ? 1 : 0, "{bool}", "1 while chaos faults are active.");
        meter.CreateObservableGauge(Instruments.ErrorRate, () => control.Current.EffectiveErrorRate, "1", "Share of calls failed on purpose.");
        meter.CreateObservableGauge(Instruments.Latency, () => control.Current.LatencyMs, "ms", "Latency added to every call.");
    }

    /// <summary>Counts one injected fault of <paramref name="kind"/>.</summary>
    public void RecordInjected(string kind) => _injected.Add(1, new KeyValuePair<string, object?>(Tags.Kind, kind));

    /// <summary>Instrument names.</summary>
    public static class Instruments
    {
        /// <summary>Counter of injected faults, tagged with <see cref="Tags.Kind"/>.</summary>
        public const string Injected = "xnai.faults.injected";

        /// <summary>Gauge: 1 while faults are active.</summary>
        public const string Active = "xnai.faults.active";

        /// <summary>Gauge: effective error rate (1 during an outage).</summary>
        public const string ErrorRate = "xnai.faults.error_rate";

        /// <summary>Gauge: injected latency in milliseconds.</summary>
        public const string Latency = "xnai.faults.latency";
    }

    /// <summary>Tag names and values.</summary>
    public static class Tags
    {
        /// <summary>Kind of fault: <see cref="Error"/>, <see cref="Outage"/> or <see cref="LatencyKind"/>.</summary>
        public const string Kind = "kind";

        /// <summary>A random failure drawn at the error rate.</summary>
        public const string Error = "error";

        /// <summary>A failure because the outage switch is on.</summary>
        public const string Outage = "outage";

        /// <summary>Added latency.</summary>
        public const string LatencyKind = "latency";
    }
}
