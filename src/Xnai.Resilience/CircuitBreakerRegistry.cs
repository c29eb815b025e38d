using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Xnai.Resilience;

/// <summary>
/// The named breakers of a service (one per dependency). Options are named options (in Xnai bound from <c>Xnai:Breakers:&lt;name&gt;</c>)
/// through <see cref="IOptionsMonitor{TOptions}"/>; a reload updates the thresholds of the existing breaker
/// without touching its state or counts.
/// </summary>
public sealed class CircuitBreakerRegistry : IDisposable
{
    /// <summary>Size of the merged recent-events list.</summary>
    public const int RecentEventCapacity = 256;

    private readonly ConcurrentDictionary<string, CircuitBreaker> _breakers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _createGate = new();
    private readonly IOptionsMonitor<CircuitBreakerOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CircuitEventHub _hub = new();
    private readonly CircuitBreakerMetrics? _metrics;
    private readonly IDisposable? _reloadSubscription;

    /// <summary>Creates the registry; <paramref name="meterFactory"/> null means no metrics.</summary>
    public CircuitBreakerRegistry(
        IOptionsMonitor<CircuitBreakerOptions> options,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        IMeterFactory? meterFactory = null)
    {
        _options = options;
        _time = timeProvider;
        _logger = loggerFactory.CreateLogger(CircuitBreakerLog.Category);
        _metrics = meterFactory is null ? null : new CircuitBreakerMetrics(meterFactory, () => _breakers.Values);
        _reloadSubscription = options.OnChange(OnOptionsChanged);
    }

    /// <summary>Every breaker created so far, ordered by name.</summary>
    public IReadOnlyCollection<CircuitBreaker> All => [.. _breakers.Values.OrderBy(b => b.Name, StringComparer.OrdinalIgnoreCase)];

    /// <summary>Returns the breaker called <paramref name="name"/> (case-insensitive), creating it from its options if needed.</summary>
    public CircuitBreaker GetOrAdd(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (_breakers.TryGetValue(name, out var existing))
        {
            return existing;
        }

        // One instance per name: a second one would split the state.
        lock (_createGate)
        {
            if (_breakers.TryGetValue(name, out existing))
            {
                return existing;
            }

            var breaker = new CircuitBreaker(name, _options.Get(name), _time, _logger, _hub, _metrics?.RecoveryTime);
            _breakers[name] = breaker;
            return breaker;
        }
    }

    /// <summary>Returns an existing breaker; throws <see cref="KeyNotFoundException"/> for an unknown name.</summary>
    public CircuitBreaker Get(string name) =>
        TryGet(name, out var breaker) ? breaker : throw new KeyNotFoundException($"No circuit breaker named '{name}'.");

    /// <summary>Looks up an existing breaker (case-insensitive).</summary>
    public bool TryGet(string name, [NotNullWhen(true)] out CircuitBreaker? breaker) => _breakers.TryGetValue(name, out breaker);

    /// <summary>The most recent events of all breakers, oldest first (at most <see cref="RecentEventCapacity"/>).</summary>
    public IReadOnlyList<CircuitEvent> GetRecentEvents() =>
        [.. _breakers.Values.SelectMany(b => b.GetRecentEvents()).OrderBy(e => e.At).TakeLast(RecentEventCapacity)];

    /// <summary>
    /// Live events of every breaker, for a Server-Sent-Events stream. Each subscriber gets a bounded buffer that
    /// drops its oldest events if the reader falls behind; subscription starts with the first <c>MoveNextAsync</c>.
    /// </summary>
    public IAsyncEnumerable<CircuitEvent> WatchAsync(CancellationToken cancellationToken = default) => _hub.WatchAsync(null, cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        _reloadSubscription?.Dispose();
        foreach (var breaker in _breakers.Values)
        {
            breaker.Dispose();
        }
    }

    private void OnOptionsChanged(CircuitBreakerOptions options, string? name)
    {
        if (name is not null && _breakers.TryGetValue(name, out var breaker))
        {
            breaker.UpdateOptions(options);
        }
    }
}
