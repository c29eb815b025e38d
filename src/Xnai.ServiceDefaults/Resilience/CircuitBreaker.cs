using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Xnai.ServiceDefaults.Resilience;

/// <summary>
/// One named circuit breaker: consecutive-failure, failure-ratio and slow-call trip rules, half-open probes,
/// break-duration backoff, operator overrides (isolate, disable, reset), snapshots and events.
/// Thread-safe; state and counts survive option reloads. Plug it into a Polly pipeline with
/// <see cref="CircuitBreakerPipelineExtensions.AddXnaiCircuitBreaker{TResult}"/>.
/// </summary>
/// <remarks>
/// Closed and rejected calls take no lock: the state and its generation live in one volatile word, the counters
/// are interlocked. Transitions, probes and snapshots take a short lock that is never held across an await.
/// </remarks>
public sealed partial class CircuitBreaker : IDisposable
{
    private const int StateBits = 3;
    private const int StateMask = (1 << StateBits) - 1;
    private const int RecentEventCapacity = 128;

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CircuitEventHub? _hub;
    private readonly Histogram<double>? _recoveryTime;
    private readonly EventRing _events = new(RecentEventCapacity);
    private readonly ActivityTagsCollection _rejectionTags;

    private volatile CircuitBreakerOptions _options;
    private volatile HealthWindow _window;

    // Generation (bumped on every transition) << StateBits | state: one read gives both, consistently.
    private volatile int _stateWord;
    private volatile CircuitBrokenException? _rejection;
    private volatile CircuitFailure? _lastFailure;
    private volatile CircuitTransition? _lastTransition;

    private int _consecutiveFailures;
    private int _trips;
    private long _totalCalls;
    private long _totalFailures;
    private long _totalRejections;
    private long _periodRejections;
    private long _recoveries;
    private long _halfOpenAt;

    // Guarded by _gate.
    private int _tripStreak;
    private int _probesStarted;
    private int _probesSucceeded;
    private bool _inOutage;
    private long _outageStart;
    private DateTimeOffset? _openedAt;
    private ITimer? _timer;
    private bool _disposed;

    /// <summary>Creates a stand-alone breaker (no metrics, no watch stream); services get theirs from <see cref="CircuitBreakerRegistry"/>.</summary>
    public CircuitBreaker(string name, CircuitBreakerOptions options, TimeProvider? timeProvider = null, ILogger? logger = null)
        : this(name, Validated(name, options), timeProvider ?? TimeProvider.System, logger ?? NullLogger.Instance, hub: null, recoveryTime: null)
    {
    }

    internal CircuitBreaker(string name, CircuitBreakerOptions options, TimeProvider timeProvider, ILogger logger, CircuitEventHub? hub, Histogram<double>? recoveryTime)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _time = timeProvider;
        _logger = logger;
        _hub = hub;
        _recoveryTime = recoveryTime;
        _options = options.Clone();
        _window = new HealthWindow(_options.SamplingDuration, _time.TimestampFrequency);
        _rejectionTags = new ActivityTagsCollection { ["circuit_breaker.name"] = name };
    }

    /// <summary>Breaker name; the <c>service</c> tag of its metrics.</summary>
    public string Name { get; }

    /// <summary>Current state.</summary>
    public CircuitState State => StateOf(_stateWord);

    internal long TotalCalls => Interlocked.Read(ref _totalCalls);

    internal long TotalFailures => Interlocked.Read(ref _totalFailures);

    internal long TotalRejections => Interlocked.Read(ref _totalRejections);

    internal long Recoveries => Interlocked.Read(ref _recoveries);

    internal int Trips => Volatile.Read(ref _trips);

    internal CircuitBreakerOptions Options => _options;

    /// <summary>Returns a consistent view of state, counts, window rates and the last failure and transition.</summary>
    public CircuitSnapshot GetSnapshot()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var counts = _window.Sum(now);
            var state = State;
            TimeSpan? retryAfter = state == CircuitState.Open
                ? ToTimeSpan(Math.Max(0, Volatile.Read(ref _halfOpenAt) - now))
                : null;
            return new CircuitSnapshot(Name, state, Volatile.Read(ref _consecutiveFailures), counts.FailureRate, counts.SlowCallRate,
                TotalCalls, TotalFailures, TotalRejections, _lastFailure, _openedAt, retryAfter, Trips, _lastTransition);
        }
    }

    /// <summary>Recent transitions, failures and rejection summaries of this breaker, oldest first.</summary>
    public IReadOnlyList<CircuitEvent> GetRecentEvents() => _events.ToArray();

    /// <summary>Live events of this breaker (empty unless the breaker comes from a <see cref="CircuitBreakerRegistry"/>).</summary>
    public IAsyncEnumerable<CircuitEvent> WatchAsync(CancellationToken cancellationToken = default) =>
        _hub is null ? AsyncEnumerable.Empty<CircuitEvent>() : _hub.WatchAsync(Name, cancellationToken);

    /// <summary>Forces the circuit open until <see cref="Reset"/>: every call is rejected.</summary>
    public void Isolate()
    {
        lock (_gate)
        {
            if (State == CircuitState.Isolated)
            {
                return;
            }

            _inOutage = false;
            _openedAt ??= _time.GetUtcNow();
            Transition(CircuitState.Isolated, "isolated by operator");
        }
    }

    /// <summary>Forces the circuit closed: calls flow and are measured, but no rule trips it until <see cref="Reset"/>.</summary>
    public void Disable()
    {
        lock (_gate)
        {
            if (State == CircuitState.Disabled)
            {
                return;
            }

            _inOutage = false;
            _openedAt = null;
            Transition(CircuitState.Disabled, "disabled by operator");
        }
    }

    /// <summary>Closes the circuit and clears the consecutive count, the window and the backoff; lifetime totals are kept.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            ClearPeriodCounts();
            _inOutage = false;
            _openedAt = null;
            if (State != CircuitState.Closed)
            {
                Transition(CircuitState.Closed, "reset by operator");
            }
        }
    }

    /// <summary>Applies reloaded thresholds. State and counts are kept; the window restarts only if its length changed.</summary>
    internal void UpdateOptions(CircuitBreakerOptions options)
    {
        var copy = options.Clone();
        lock (_gate)
        {
            if (copy.SamplingDuration != _window.SamplingDuration)
            {
                _window = new HealthWindow(copy.SamplingDuration, _time.TimestampFrequency);
            }

            _options = copy;
        }

        CircuitBreakerLog.OptionsReloaded(_logger, Name, CircuitStateNames.ToWire(State));
    }

    internal WindowCounts CurrentCounts() => _window.Sum(_time.GetTimestamp());

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
            _timer = null;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({CircuitStateNames.ToWire(State)})";

    private static CircuitState StateOf(int word) => (CircuitState)(word & StateMask);

    private static bool SameGeneration(int a, int b) => (a >> StateBits) == (b >> StateBits);

    private long ToTimestampTicks(TimeSpan duration) => (long)Math.Ceiling(duration.TotalSeconds * _time.TimestampFrequency);

    private TimeSpan ToTimeSpan(long timestampTicks) => TimeSpan.FromSeconds((double)timestampTicks / _time.TimestampFrequency);

    private static CircuitBreakerOptions Validated(string name, CircuitBreakerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new CircuitBreakerOptionsValidator(new CircuitBreakerRegistrations()).Validate(name, options);
        return result.Failed ? throw new OptionsValidationException(name, typeof(CircuitBreakerOptions), result.Failures) : options;
    }
}
