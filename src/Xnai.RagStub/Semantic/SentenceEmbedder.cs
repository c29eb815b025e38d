using Microsoft.Extensions.Options;
using SentenceTransformers;
using OrtSessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace Xnai.RagStub.Semantic;

/// <summary>
/// The embedding model behind a bounded worker: the ONNX session is loaded on first use (not at start), at most
/// <see cref="SemanticOptions.MaxConcurrentEncodings"/> encodings run at once, and every vector comes back unit-length
/// so a dot product is the cosine similarity.
/// </summary>
public sealed class SentenceEmbedder : IDisposable
{
    /// <summary>How long disposal waits for running encodings before it leaves the native session to the process exit.</summary>
    internal static readonly TimeSpan DisposeTimeout = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _slots;
    private readonly Lazy<ISentenceEncoder> _encoder;
    private readonly string _queryPrefix;
    private readonly Lock _gate = new();
    private int _running;
    private bool _disposed;
    private TaskCompletionSource? _drained;

    /// <summary>Creates the worker; the model is not loaded yet.</summary>
    public SentenceEmbedder(IOptions<SemanticOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        ModelId = settings.Model.ToLowerInvariant();
        CacheId = EmbeddingModels.CacheId(ModelId);
        _queryPrefix = EmbeddingModels.QueryPrefix(ModelId);
        _slots = new SemaphoreSlim(settings.MaxConcurrentEncodings, settings.MaxConcurrentEncodings);

        // A load failure is cached by Lazy: every later call fails fast with it, and the breaker opens on it.
        _encoder = new Lazy<ISentenceEncoder>(() =>
        {
            var session = new OrtSessionOptions { IntraOpNumThreads = settings.IntraOpThreads, InterOpNumThreads = 1 };
            return EmbeddingModels.Load(ModelId, session);
        }, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Id of the model, e.g. <c>minilm</c>.</summary>
    public string ModelId { get; }

    /// <summary>Model id plus version: part of every cached vector's key.</summary>
    public string CacheId { get; }

    /// <summary>True once the ONNX session has loaded.</summary>
    public bool IsLoaded => _encoder.IsValueCreated;

    /// <summary>Encodings running in ONNX right now, including those whose caller has stopped waiting.</summary>
    internal int RunningEncodings
    {
        get
        {
            lock (_gate)
            {
                return _running;
            }
        }
    }

    /// <summary>
    /// Encodes <paramref name="texts"/> (queries get the model's query prefix). Waits for a free slot; once running,
    /// an encoding keeps its slot until ONNX returns, but the caller stops waiting when <paramref name="cancellationToken"/>
    /// fires, so a deadline bounds the caller's time while the slot count still bounds the CPU.
    /// </summary>
    public async Task<float[][]> EncodeAsync(IReadOnlyList<string> texts, bool asQueries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var inputs = texts.Select(t => asQueries ? _queryPrefix + t : t).ToArray();
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var work = Task.Run(() =>
        {
            try
            {
                Enter();
                try
                {
                    var vectors = _encoder.Value.Encode(inputs, CancellationToken.None);
                    foreach (var vector in vectors)
                    {
                        Normalize(vector);
                    }

                    return vectors;
                }
                finally
                {
                    Leave();
                }
            }
            finally
            {
                _slots.Release();
            }
        }, CancellationToken.None);
        return await work.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Refuses new encodings, waits (up to <see cref="DisposeTimeout"/>) for the running ones, then frees the ONNX session.
    /// A caller that stopped waiting leaves its encoding running; freeing the native session under it would crash the
    /// process, so if one is still running at the timeout the session is left for the process exit to reclaim.
    /// </summary>
    public void Dispose()
    {
        Task drained;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            drained = _running == 0 ? Task.CompletedTask : (_drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        if (drained.Wait(DisposeTimeout) && _encoder.IsValueCreated && _encoder.Value is IDisposable disposable)
        {
            disposable.Dispose();
        }

        // _slots is not disposed: an encoding that finishes after the timeout still releases its slot, and a
        // SemaphoreSlim without a wait handle holds nothing to free.
    }

    private void Enter()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _running++;
        }
    }

    private void Leave()
    {
        lock (_gate)
        {
            if (--_running == 0 && _disposed)
            {
                _drained?.TrySetResult();
            }
        }
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
}
