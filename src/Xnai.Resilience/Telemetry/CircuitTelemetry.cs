using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Xnai.Resilience;

/// <summary>
/// The one sink of a breaker's telemetry: every transition, failure and rejection summary goes to the log, the
/// recent-events ring and the current span; recoveries to the histogram; new ring entries to live subscribers.
/// </summary>
/// <remarks>
/// The controller calls the recording methods under its lock (so the ring holds transitions in order) and
/// <see cref="Publish"/> after releasing it: subscribers are fed outside the lock, from the ring, in ring order,
/// through their own bounded drop-oldest channels, so a slow or stalled reader never delays a transition.
/// </remarks>
internal sealed class CircuitTelemetry
{
    public const int RecentEventCapacity = 128;
    private const int MaxMessageLength = 160;
    private const string TransitionActivityEvent = "circuit_breaker.transition";
    private const string RejectedActivityEvent = "circuit_breaker.rejected";

    private readonly string _name;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CircuitEventHub? _hub;
    private readonly Histogram<double>? _recoveryTime;
    private readonly EventRing _events = new(RecentEventCapacity);
    private readonly ActivityTagsCollection _rejectionTags;
    private long _published;
    private int _publishing;

    public CircuitTelemetry(string name, TimeProvider time, ILogger logger, CircuitEventHub? hub, Histogram<double>? recoveryTime)
    {
        _name = name;
        _time = time;
        _logger = logger;
        _hub = hub;
        _recoveryTime = recoveryTime;
        _rejectionTags = new ActivityTagsCollection { ["circuit_breaker.name"] = name };
    }

    public IReadOnlyList<CircuitEvent> RecentEvents => _events.ToArray();

    public IAsyncEnumerable<CircuitEvent> WatchAsync(CancellationToken cancellationToken) =>
        _hub is null ? AsyncEnumerable.Empty<CircuitEvent>() : _hub.WatchAsync(_name, cancellationToken);

    public void Transition(CircuitState from, CircuitState to, string reason, DateTimeOffset at)
    {
        var level = to is CircuitState.Open or CircuitState.Isolated ? LogLevel.Warning : LogLevel.Information;
        CircuitBreakerLog.Transition(_logger, level, _name, CircuitStateNames.ToWire(from), CircuitStateNames.ToWire(to), reason);
        _events.Add(new CircuitEvent(at, _name, CircuitEventKinds.Transition, from, to, reason));
        Activity.Current?.AddEvent(new ActivityEvent(TransitionActivityEvent, at, new ActivityTagsCollection
        {
            ["circuit_breaker.name"] = _name,
            ["circuit_breaker.from"] = CircuitStateNames.ToWire(from),
            ["circuit_breaker.to"] = CircuitStateNames.ToWire(to),
            ["circuit_breaker.reason"] = reason,
        }));
    }

    // Rejections are summarised once per open, half-open or isolated period instead of one line each.
    public void Rejections(CircuitState during, long count, DateTimeOffset at)
    {
        CircuitBreakerLog.Rejections(_logger, _name, count, CircuitStateNames.ToWire(during));
        _events.Add(new CircuitEvent(at, _name, CircuitEventKinds.Rejections, during, null, count.ToString(CultureInfo.InvariantCulture)));
    }

    public void Rejected() => Activity.Current?.AddEvent(new ActivityEvent(RejectedActivityEvent, tags: _rejectionTags));

    /// <summary>Logs and rings a failure; returns what snapshots show as the last failure.</summary>
    public CircuitFailure Failure(Exception? exception, int failCount)
    {
        var at = _time.GetUtcNow();
        var type = exception?.GetType().Name ?? "result";
        var message = exception is null ? "The result was classified as a failure." : Shorten(exception.Message);
        CircuitBreakerLog.Failure(_logger, _name, type, failCount);
        _events.Add(new CircuitEvent(at, _name, CircuitEventKinds.Failure, null, null, type));
        return new CircuitFailure(at, type, message);
    }

    public void Recovered(TimeSpan outage) =>
        _recoveryTime?.Record(outage.TotalSeconds, new KeyValuePair<string, object?>(CircuitBreakerInstruments.ServiceTag, _name));

    public void OptionsReloaded(CircuitState state) => CircuitBreakerLog.OptionsReloaded(_logger, _name, CircuitStateNames.ToWire(state));

    /// <summary>
    /// Hands ring entries not yet published to the subscribers. Never call it under the breaker's lock: the state
    /// machine, which owns that lock, is the only caller (<see cref="CircuitStateMachine.Publish"/>).
    /// </summary>
    public void Publish()
    {
        if (_hub is null)
        {
            return;
        }

        while (Volatile.Read(ref _published) < _events.Written)
        {
            // One publisher at a time keeps the order; a caller that loses the race leaves its entries to the winner,
            // who re-checks after releasing (the exchange is a full fence, so no entry is stranded).
            if (Interlocked.CompareExchange(ref _publishing, 1, 0) != 0)
            {
                return;
            }

            try
            {
                var end = _events.Written;
                for (var next = Math.Max(_published, end - _events.Capacity); next < end; next++)
                {
                    if (_events.TryGet(next, out var item))
                    {
                        _hub.Publish(item!);
                    }
                }

                Volatile.Write(ref _published, end);
            }
            finally
            {
                Interlocked.Exchange(ref _publishing, 0);
            }
        }
    }

    // First line only, bounded length: the message travels to health payloads and dashboards.
    private static string Shorten(string message)
    {
        var line = message.AsSpan();
        var newline = line.IndexOfAny('\r', '\n');
        if (newline < 0 && line.Length <= MaxMessageLength)
        {
            // Already one short line: keep the exception's own string rather than copying it on every failure.
            return message;
        }

        if (newline >= 0)
        {
            line = line[..newline];
        }

        return line.Length <= MaxMessageLength ? line.ToString() : string.Concat(line[..(MaxMessageLength - 1)], "…");
    }
}
