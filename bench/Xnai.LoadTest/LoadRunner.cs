using System.Diagnostics;
using System.Text.Json;

namespace Xnai.LoadTest;

/// <summary>Drives chatapi with concurrent virtual users and reports what came back.</summary>
public static partial class LoadRunner
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan BreakerReadTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Runs the load until <see cref="LoadOptions.Duration"/> passes, <see cref="LoadOptions.Requests"/> are used up or
    /// <paramref name="cancellationToken"/> is cancelled; then lets in-flight requests finish (each bounded by
    /// <see cref="LoadOptions.RequestTimeout"/>) and returns the report: stopping is never an exception.
    /// </summary>
    /// <param name="options">What to send and for how long.</param>
    /// <param name="client">Client to send with (no retrying handler, please); a fresh one is created and disposed when null. Requests use absolute URLs built from <see cref="LoadOptions.Target"/>.</param>
    /// <param name="progress">Receives counters every 250 ms and once at the end.</param>
    /// <param name="cancellationToken">Stops issuing new requests.</param>
    public static async Task<LoadReport> RunAsync(
        LoadOptions options,
        HttpClient? client = null,
        IProgress<LoadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        Validate(options);
        var target = WithTrailingSlash(options.Target);
        var ownedClient = client is null ? CreateClient(options) : null;
        client ??= ownedClient!;
        try
        {
            var before = await ReadBreakersAsync(client, target);

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            stop.CancelAfter(options.Duration);
            var budget = new RequestBudget(options.Requests);
            var counters = new LoadCounters();

            using var reportingStop = new CancellationTokenSource();
            var reporting = progress is null ? Task.CompletedTask : ReportAsync(counters, progress, reportingStop.Token);

            var users = Enumerable.Range(0, options.Users)
                .Select(index => new VirtualUser(index))
                .ToArray();
            await Task.WhenAll(users.Select(user => Task.Run(() => RunUserAsync(client, target, options, user, budget, counters, stop.Token), CancellationToken.None)));

            var elapsed = counters.Elapsed;
            await reportingStop.CancelAsync();
            await reporting;
            var final = counters.Progress();
            progress?.Report(final);

            var after = await ReadBreakersAsync(client, target);
            return new LoadReport(
                final.Total,
                final.Answered,
                final.Fallback,
                final.Failed,
                final.Timeouts,
                final.Rejected429,
                LoadCounters.RateOf(final.Total, elapsed),
                elapsed,
                counters.Latency.Summarize(),
                counters.FallbackLatency.Summarize(),
                counters.StatusCodes,
                counters.SampleErrors,
                MergeSessions(users),
                before,
                after)
            {
                FallbackBy = counters.FallbackBy,
                Stale = counters.StaleLatency.Count,
                StaleLatency = counters.StaleLatency.Summarize(),
            };
        }
        finally
        {
            ownedClient?.Dispose();
        }
    }

    /// <summary>A client without retries or a global timeout (each request has its own), pooling enough connections for every user.</summary>
    public static HttpClient CreateClient(LoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.RequestTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            MaxConnectionsPerServer = int.MaxValue,
            UseCookies = false,
        };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private static void Validate(LoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        LoopbackGuard.Ensure(options.Target, options.AllowRemote);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Users, 1, nameof(options.Users));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Duration, TimeSpan.Zero, nameof(options.Duration));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.RequestTimeout, TimeSpan.Zero, nameof(options.RequestTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ThinkTime, TimeSpan.Zero, nameof(options.ThinkTime));
        if (options.Requests is { } requests)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(requests, 1, nameof(options.Requests));
        }

        if (options.VoiceShare is < 0 or > 1 || double.IsNaN(options.VoiceShare))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.VoiceShare, "VoiceShare must be between 0 and 1.");
        }
    }

    private static Uri WithTrailingSlash(Uri target) =>
        target.AbsoluteUri.EndsWith('/') ? target : new Uri(target.AbsoluteUri + "/");

    private static async Task ReportAsync(LoadCounters counters, IProgress<LoadProgress> progress, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ProgressInterval, TimeProvider.System);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                progress.Report(counters.Progress());
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The breakers as <c>/api/circuits</c> shows them, or null when chatapi does not answer.</summary>
    private static async Task<JsonElement?> ReadBreakersAsync(HttpClient client, Uri target)
    {
        using var timeout = new CancellationTokenSource(BreakerReadTimeout);
        try
        {
            using var response = await client.GetAsync(new Uri(target, "api/circuits"), timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            using var json = await JsonDocument.ParseAsync(body, cancellationToken: timeout.Token);
            return json.RootElement.Clone();
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or JsonException)
        {
            return null;
        }
    }

    private static Dictionary<string, IReadOnlyList<string>> MergeSessions(IEnumerable<VirtualUser> users)
    {
        var sessions = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (id, messages) in users.SelectMany(user => user.Sessions))
        {
            sessions[id] = messages;
        }

        return sessions;
    }

    /// <summary>The shared request budget; unlimited when null.</summary>
    private sealed class RequestBudget(int? limit)
    {
        private long _taken;

        public bool TryTake() => limit is not { } max || Interlocked.Increment(ref _taken) <= max;
    }
}
