using System.Threading.Channels;
using Microsoft.Extensions.Options;
using OrtSessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace Xnai.RagStub.Semantic;

/// <summary>
/// The embedding model behind a bounded queue and <see cref="SemanticOptions.MaxConcurrentEncodings"/> workers: the
/// model session is loaded on first use (not at start); concurrent queries are micro-batched into one inference call
/// (at most <see cref="SemanticOptions.MaxBatchSize"/>, after a wait of at most <see cref="SemanticOptions.BatchWindow"/>
/// when the encoder was idle); a query whose wait would pass its deadline is refused at once
/// (<see cref="SemanticTierBusyException"/>); every vector comes back unit-length so a dot product is the cosine.
/// </summary>
public sealed partial class SentenceEmbedder : IDisposable
{
    /// <summary>How long disposal waits for running encodings before it leaves the native session to the process exit.</summary>
    internal static readonly TimeSpan DisposeTimeout = TimeSpan.FromSeconds(30);

    private readonly Channel<EncodeRequest> _queue;
    private readonly Lazy<ISentenceModel> _model;
    private readonly string _queryPrefix;
    private readonly SemanticOptions _settings;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _workers;
    private readonly long[] _runningSince;
    private long _batchTicks;
    private long _queryTicks;
    private int _disposed;

    /// <summary>Creates the worker; the model is not loaded yet.</summary>
    /// <param name="options">The tier's options.</param>
    /// <param name="timeProvider">Clock for the batch window and the shed estimate; the system clock when null.</param>
    /// <param name="modelFactory">Loads the model session; the configured shipped model when null (tests pass a fake session).</param>
    public SentenceEmbedder(IOptions<SemanticOptions> options, TimeProvider? timeProvider = null, Func<ISentenceModel>? modelFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _settings = options.Value;
        _time = timeProvider ?? TimeProvider.System;
        ModelId = _settings.Model.ToLowerInvariant();
        CacheId = EmbeddingModels.CacheId(ModelId);
        _queryPrefix = EmbeddingModels.QueryPrefix(ModelId);
        _queue = Channel.CreateBounded<EncodeRequest>(new BoundedChannelOptions(_settings.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = _settings.MaxConcurrentEncodings == 1,
        });

        // A load failure is cached by Lazy: every later batch fails fast with it, and the breaker opens on it.
        var settings = _settings;
        _model = new Lazy<ISentenceModel>(modelFactory ?? (Func<ISentenceModel>)(() =>
        {
            // One intra-op thread, sequential: two threads on two shared cores were slower and cost twice the CPU (docs/performance.md).
            var session = new OrtSessionOptions { IntraOpNumThreads = settings.IntraOpThreads, InterOpNumThreads = 1 };
            return EmbeddingModels.Load(ModelId, session);
        }), LazyThreadSafetyMode.ExecutionAndPublication);

        _runningSince = new long[_settings.MaxConcurrentEncodings];
        _workers = new Task[_settings.MaxConcurrentEncodings];
        for (var i = 0; i < _workers.Length; i++)
        {
            var worker = i;
            _workers[i] = Task.Run(() => RunWorkerAsync(worker), CancellationToken.None);
        }
    }

    /// <summary>Id of the model, e.g. <c>minilm</c>.</summary>
    public string ModelId { get; }

    /// <summary>Model id plus version: part of every cached vector's key.</summary>
    public string CacheId { get; }

    /// <summary>True once the model session has loaded.</summary>
    public bool IsLoaded => _model.IsValueCreated;

    /// <summary>Inference calls running right now, including those whose callers have stopped waiting.</summary>
    internal int RunningEncodings
    {
        get
        {
            var running = 0;
            for (var i = 0; i < _runningSince.Length; i++)
            {
                running += Volatile.Read(ref _runningSince[i]) != 0 ? 1 : 0;
            }

            return running;
        }
    }

    /// <summary>Encodings waiting in the queue.</summary>
    internal int QueuedEncodings => _queue.Reader.Count;

    /// <summary>
    /// Encodes <paramref name="texts"/> (queries get the model's query prefix). Waits for room in the queue; the caller
    /// stops waiting when <paramref name="cancellationToken"/> fires, and an encoding not yet started is then skipped.
    /// A one-text query may share its inference call with other queries.
    /// </summary>
    public async Task<float[][]> EncodeAsync(IReadOnlyList<string> texts, bool asQueries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var request = new EncodeRequest([.. texts.Select(t => asQueries ? _queryPrefix + t : t)], asQueries && texts.Count == 1, cancellationToken);
        await _queue.Writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        return await request.Result.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Encodes one query, or throws <see cref="SemanticTierBusyException"/> at once when the queue is full or the
    /// estimated wait (batches ahead times the recent inference time) would pass half the query's budget, the tighter of
    /// <paramref name="deadline"/> and <paramref name="slowCallThreshold"/> (the breaker's slow-call threshold, when its
    /// slow-call rule is on). Waiting in a queue is not the model being slow; a query accepted to wait past the
    /// threshold would be counted slow and, under load, open the breaker for everyone (measured: bench/semantic-load.sh).
    /// Nothing is shed when the model itself is the problem, so the breaker sees it: a call running longer than the
    /// deadline (hung), or one inference call taking as long as the budget (slow).
    /// </summary>
    public async Task<float[]> EncodeQueryAsync(string query, TimeSpan deadline, CancellationToken cancellationToken, TimeSpan? slowCallThreshold = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        // Half the budget is the most an accepted query is estimated to wait: the estimate is a smoothed average, and under
        // load the continuation after the call waits for a thread too. At the full budget about half of the accepted
        // queries ended past it and the slow-call rule opened the breaker (bench/semantic-load.sh, rag's log).
        var budget = slowCallThreshold is { } slow && slow < deadline ? slow : deadline;
        if (_settings.ShedWhenBusy && !IsHung(deadline) && Interlocked.Read(ref _batchTicks) < budget.Ticks && EstimatedWait() > budget / 2)
        {
            throw new SemanticTierBusyException();
        }

        var request = new EncodeRequest([_queryPrefix + query], Batchable: true, cancellationToken);
        if (!_queue.Writer.TryWrite(request))
        {
            if (_settings.ShedWhenBusy)
            {
                throw new SemanticTierBusyException();
            }

            await _queue.Writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        }

        return (await request.Result.Task.WaitAsync(cancellationToken).ConfigureAwait(false))[0];
    }

    /// <summary>
    /// Refuses new encodings, waits (up to <see cref="DisposeTimeout"/>) for the running ones, then frees the model
    /// session. A caller that stopped waiting leaves its encoding running; freeing the native session under it would
    /// crash the process, so if one is still running at the timeout the session is left for the process exit to reclaim.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        _stopping.Cancel();
        if (Task.WaitAll(_workers, DisposeTimeout) && _model.IsValueCreated)
        {
            _model.Value.Dispose();
        }

        // _stopping is not disposed: a worker still inside a hung call reads its token when it returns.
    }

    internal static void Normalize(float[] vector)
    {
        var norm = MathF.Sqrt(DenseVectors.Dot(vector, vector));
        if (norm > 0)
        {
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] /= norm;
            }
        }
    }

    private bool IsHung(TimeSpan deadline)
    {
        for (var i = 0; i < _runningSince.Length; i++)
        {
            var started = Volatile.Read(ref _runningSince[i]);
            if (started != 0 && _time.GetElapsedTime(started) >= deadline)
            {
                return true;
            }
        }

        return false;
    }

    // The running call plus every query queued ahead of this one and itself, each at the smoothed inference time per
    // query of recent calls. Per query, not per batch: a batch's time grows with its size, and the per-query time of
    // small batches (the idle encoder's) overestimates large ones, which errs on the side of shedding. Under 50 users
    // a per-batch estimate learned from single queries accepted 16 batches of work and queries timed out (the breaker
    // opened on 3 consecutive timeouts, bench/semantic-load.sh). An idle encoder never sheds: the estimate could be
    // stale, and nothing would run to correct it.
    private TimeSpan EstimatedWait()
    {
        var running = RunningEncodings;
        if (running == 0 && _queue.Reader.Count == 0)
        {
            return TimeSpan.Zero;
        }

        var perBatch = Interlocked.Read(ref _batchTicks);
        var perQuery = Interlocked.Read(ref _queryTicks);
        return TimeSpan.FromTicks((running > 0 ? perBatch : 0) + (perQuery * (_queue.Reader.Count + 1) / _workers.Length));
    }

    private sealed record EncodeRequest(string[] Texts, bool Batchable, CancellationToken CancellationToken)
    {
        public TaskCompletionSource<float[][]> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
