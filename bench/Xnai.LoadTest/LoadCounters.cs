using System.Collections.Concurrent;
using System.Diagnostics;

namespace Xnai.LoadTest;

/// <summary>The shared, thread-safe tallies of one run.</summary>
internal sealed class LoadCounters
{
    private const int MaxSampleErrors = 10;
    private const int MaxFallbackNames = 16;

    private readonly ConcurrentDictionary<int, long> _statusCodes = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentDictionary<string, long> _fallbackBy = new(StringComparer.Ordinal);
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _total;
    private long _answered;
    private long _fallback;
    private long _failed;
    private long _timeouts;
    private long _rejected;
    private int _errorCount;

    public LatencyHistogram Latency { get; } = new();

    public LatencyHistogram FallbackLatency { get; } = new();

    /// <summary>Degraded answers that carried an earlier knowledge-base answer (<c>stale</c> set): the answer store's path.</summary>
    public LatencyHistogram StaleLatency { get; } = new();

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    public void Status(int code) => _statusCodes.AddOrUpdate(code, 1, static (_, n) => n + 1);

    public void Answered(TimeSpan latency, bool degraded, IReadOnlyList<string>? degradedServices = null, bool stale = false)
    {
        Latency.Record(latency);
        if (stale)
        {
            StaleLatency.Record(latency);
        }

        if (degraded)
        {
            foreach (var service in degradedServices ?? [])
            {
                // Bounded: a target naming ever new services cannot grow the report without limit.
                if (_fallbackBy.Count < MaxFallbackNames || _fallbackBy.ContainsKey(service))
                {
                    _fallbackBy.AddOrUpdate(service, 1, static (_, n) => n + 1);
                }
            }

            FallbackLatency.Record(latency);
            Interlocked.Increment(ref _fallback);
        }
        else
        {
            Interlocked.Increment(ref _answered);
        }

        Interlocked.Increment(ref _total);
    }

    public void Failed(TimeSpan latency, string error, bool timeout = false, bool rejected = false)
    {
        Latency.Record(latency);
        Interlocked.Increment(ref _failed);
        if (timeout)
        {
            Interlocked.Increment(ref _timeouts);
        }

        if (rejected)
        {
            Interlocked.Increment(ref _rejected);
        }

        if (Interlocked.Increment(ref _errorCount) <= MaxSampleErrors)
        {
            _errors.Enqueue(error);
        }

        Interlocked.Increment(ref _total);
    }

    public LoadProgress Progress()
    {
        var elapsed = Elapsed;
        var total = Interlocked.Read(ref _total);
        return new LoadProgress(
            total,
            Interlocked.Read(ref _answered),
            Interlocked.Read(ref _fallback),
            Interlocked.Read(ref _failed),
            Interlocked.Read(ref _timeouts),
            Interlocked.Read(ref _rejected),
            elapsed,
            RateOf(total, elapsed));
    }

    public IReadOnlyDictionary<int, long> StatusCodes => new SortedDictionary<int, long>(_statusCodes);

    public IReadOnlyList<string> SampleErrors => [.. _errors];

    public IReadOnlyDictionary<string, long> FallbackBy => new SortedDictionary<string, long>(_fallbackBy, StringComparer.Ordinal);

    public static double RateOf(long total, TimeSpan elapsed) => elapsed > TimeSpan.Zero ? total / elapsed.TotalSeconds : 0;
}
