using System.Diagnostics.Metrics;

namespace Xnai.Resilience;

/// <summary>
/// Instruments of the <c>Xnai.CircuitBreakers</c> meter. Everything except the recovery histogram is
/// observable and reads the breakers' own counters when scraped, so the call path pays nothing for metrics.
/// </summary>
internal sealed class CircuitBreakerMetrics
{
    public CircuitBreakerMetrics(IMeterFactory meterFactory, Func<IEnumerable<CircuitBreaker>> breakers)
    {
        var meter = meterFactory.Create(new MeterOptions(CircuitBreakerInstruments.MeterName));

        meter.CreateObservableGauge(CircuitBreakerInstruments.State,
            () => Observe(breakers(), b => CircuitStateNames.ToMetricCode(b.State)),
            unit: null, description: "Circuit state (0 closed, 1 open, 2 half_open, 3 isolated, 4 disabled)");
        meter.CreateObservableCounter(CircuitBreakerInstruments.Failures,
            () => Observe(breakers(), b => b.TotalFailures), unit: null, description: "Calls classified as failures");
        meter.CreateObservableCounter(CircuitBreakerInstruments.Recoveries,
            () => Observe(breakers(), b => b.Recoveries), unit: null, description: "Automatic recoveries (open to closed through half-open)");
        meter.CreateObservableCounter(CircuitBreakerInstruments.Rejections,
            () => Observe(breakers(), b => b.TotalRejections), unit: null, description: "Calls rejected by an open, half-open or isolated circuit");
        meter.CreateObservableCounter(CircuitBreakerInstruments.Calls,
            () => Observe(breakers(), b => b.TotalCalls), unit: null, description: "Calls let through the circuit");
        meter.CreateObservableCounter(CircuitBreakerInstruments.Trips,
            () => Observe(breakers(), b => (long)b.Trips), unit: null, description: "Times the circuit opened");
        meter.CreateObservableGauge(CircuitBreakerInstruments.FailureRate,
            () => Observe(breakers(), b => b.CurrentCounts().FailureRate), unit: null, description: "Failure ratio in the sampling window");
        meter.CreateObservableGauge(CircuitBreakerInstruments.SlowCallRate,
            () => Observe(breakers(), b => b.CurrentCounts().SlowCallRate), unit: null, description: "Slow-call ratio in the sampling window");

        RecoveryTime = meter.CreateHistogram<double>(CircuitBreakerInstruments.RecoveryTime, unit: "s",
            description: "Time from the first trip of an outage to the automatic recovery",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 10, 15, 30, 45, 60, 120, 300, 600, 1800, 3600] });
    }

    public Histogram<double> RecoveryTime { get; }

    private static IEnumerable<Measurement<T>> Observe<T>(IEnumerable<CircuitBreaker> breakers, Func<CircuitBreaker, T> read)
        where T : struct
    {
        foreach (var breaker in breakers)
        {
            yield return new Measurement<T>(read(breaker), new KeyValuePair<string, object?>(CircuitBreakerInstruments.ServiceTag, breaker.Name));
        }
    }
}
