using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Xnai.Resilience;

/// <summary>
/// One named circuit breaker: consecutive-failure, failure-ratio and slow-call trip rules, half-open probes with a
/// deadline, break-duration backoff, operator overrides (isolate, disable, reset), snapshots and events.
/// Thread-safe; state and counts survive option reloads. Plug it into a Polly pipeline with
/// <see cref="CircuitBreakerPipelineExtensions.AddXnaiCircuitBreaker{TResult}"/>.
/// </summary>
public sealed class CircuitBreaker : IDisposable
{
    private readonly CircuitController _controller;
    private readonly CircuitTelemetry _telemetry;
    private volatile CircuitBrokenException? _rejection;

    /// <summary>Creates a stand-alone breaker (no metrics, no watch stream); services get theirs from <see cref="CircuitBreakerRegistry"/>.</summary>
    /// <param name="name">Breaker name; the <c>service</c> tag of its metrics.</param>
    /// <param name="options">Thresholds; validated here, copied (later changes to the instance have no effect).</param>
    /// <param name="timeProvider">Clock of the break timer and the window; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Receives transitions, failures and rejection summaries; none when null.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public CircuitBreaker(string name, CircuitBreakerOptions options, TimeProvider? timeProvider = null, ILogger? logger = null)
        : this(name, Validated(name, options), timeProvider ?? TimeProvider.System, logger ?? NullLogger.Instance, hub: null, recoveryTime: null)
    {
    }

    internal CircuitBreaker(string name, CircuitBreakerOptions options, TimeProvider timeProvider, ILogger logger, CircuitEventHub? hub, Histogram<double>? recoveryTime)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        TimeProvider = timeProvider;
        _telemetry = new CircuitTelemetry(name, timeProvider, logger, hub, recoveryTime);
        _controller = new CircuitController(options.Clone(), timeProvider, _telemetry);
    }

    /// <summary>Breaker name; the <c>service</c> tag of its metrics.</summary>
    public string Name { get; }

    /// <summary>Current state.</summary>
    public CircuitState State => _controller.State;

    /// <summary>A copy of the thresholds in force.</summary>
    public CircuitBreakerOptions Options => _controller.Options.Clone();

    /// <summary>Calls let through since creation (lifetime, never reset).</summary>
    public long TotalCalls => _controller.Counters.Calls;

    /// <summary>Calls classified as failures since creation.</summary>
    public long TotalFailures => _controller.Counters.Failures;

    /// <summary>Calls rejected by the open, half-open or isolated circuit since creation.</summary>
    public long TotalRejections => _controller.Counters.Rejections;

    /// <summary>Automatic recoveries (half-open probes succeeded after an outage) since creation.</summary>
    public long Recoveries => _controller.Counters.Recoveries;

    /// <summary>Times the circuit opened since creation.</summary>
    public int Trips => _controller.Counters.Trips;

    internal TimeProvider TimeProvider { get; }

    /// <summary>Returns a consistent view of state, counts, window rates and the last failure and transition.</summary>
    public CircuitSnapshot GetSnapshot() => _controller.States.Snapshot(Name);

    /// <summary>Recent transitions, failures and rejection summaries of this breaker, oldest first (at most 128).</summary>
    public IReadOnlyList<CircuitEvent> GetRecentEvents() => _telemetry.RecentEvents;

    /// <summary>Live events of this breaker (empty unless the breaker comes from a <see cref="CircuitBreakerRegistry"/>).</summary>
    /// <param name="cancellationToken">Ends the stream.</param>
    public IAsyncEnumerable<CircuitEvent> WatchAsync(CancellationToken cancellationToken = default) => _telemetry.WatchAsync(cancellationToken);

    /// <summary>Forces the circuit open until <see cref="Reset"/>: every call is rejected.</summary>
    public void Isolate() => _controller.States.Isolate();

    /// <summary>Forces the circuit closed: calls flow and are measured, but no rule trips it until <see cref="Reset"/>.</summary>
    public void Disable() => _controller.States.Disable();

    /// <summary>
    /// Closes the circuit and clears the consecutive count, the window, the backoff, <c>OpenedAt</c> and
    /// <c>LastFailure</c> (null afterwards); lifetime totals, trips and recoveries, the last transition (the reset
    /// itself) and the recent events are kept.
    /// </summary>
    public void Reset() => _controller.States.Reset();

    /// <inheritdoc />
    public void Dispose() => _controller.Dispose();

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({CircuitStateNames.ToWire(State)})";

    internal void UpdateOptions(CircuitBreakerOptions options) => _controller.UpdateOptions(options.Clone());

    internal HealthCounts CurrentCounts() => _controller.Health.Window.Sum(TimeProvider.GetTimestamp());

    internal CircuitPermit Acquire() => _controller.Acquire();

    internal void Complete(in CircuitPermit permit, CallResult result, Exception? exception, TimeSpan? localWait = null) =>
        _controller.Complete(permit, result, exception, localWait);

    /// <summary>
    /// The exception for a rejected call: one instance per open period and whole second of retry-after,
    /// so a storm of rejections allocates nothing.
    /// </summary>
    internal CircuitBrokenException GetRejection(in CircuitPermit permit)
    {
        var retryAfter = _controller.States.RetryAfter(permit.StateWord, permit.Timestamp);
        var cached = _rejection;
        if (cached is not null && cached.Generation == permit.StateWord && cached.RetryAfter == retryAfter)
        {
            return cached;
        }

        var created = CircuitBrokenException.Create(Name, retryAfter, permit.StateWord);
        _rejection = created;
        return created;
    }

    private static CircuitBreakerOptions Validated(string name, CircuitBreakerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new CircuitBreakerOptionsValidator().Validate(name, options);
        return result.Failed ? throw new OptionsValidationException(name, typeof(CircuitBreakerOptions), result.Failures) : options;
    }
}
