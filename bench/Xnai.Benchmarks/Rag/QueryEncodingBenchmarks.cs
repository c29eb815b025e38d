using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Xnai.RagStub.Semantic;
using OrtSessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace Xnai.Benchmarks.Rag;

/// <summary>
/// One query encoding with all-MiniLM-L6-v2 (issue 27), before and after, in one run. Baseline: the package's encoder
/// with ONNX Runtime's default session options, as rag ran it before (intra-op threads = cores). Then the package's
/// encoder on one intra-op thread, <see cref="MiniLmOnnxModel"/> on one thread (today's tier), and the same model
/// encoding a micro-batch of 16 different queries in one call, reported per query (<c>OperationsPerInvoke</c> = 16).
/// Questions rotate over <see cref="RetrievalCorpus.Questions"/> so lengths vary as users' do.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class QueryEncodingBenchmarks
{
    private const int Batch = 16;
    private ISentenceModel _packageDefault = null!;
    private ISentenceModel _packageOneThread = null!;
    private ISentenceModel _direct = null!;
    private string[] _queries = null!;
    private string[][] _batches = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var prefix = EmbeddingModels.QueryPrefix(EmbeddingModels.MiniLm);
        _queries = [.. RetrievalCorpus.Questions.Select(q => prefix + q)];
        _batches = [.. Enumerable.Range(0, _queries.Length).Select(start => Enumerable.Range(start, Batch).Select(i => _queries[i % _queries.Length]).ToArray())];
        _packageDefault = EmbeddingModels.LoadPackageEncoder(EmbeddingModels.MiniLm, new OrtSessionOptions());
        _packageOneThread = EmbeddingModels.LoadPackageEncoder(EmbeddingModels.MiniLm, OneThread());
        _direct = new MiniLmOnnxModel(OneThread());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _packageDefault.Dispose();
        _packageOneThread.Dispose();
        _direct.Dispose();
    }

    [Benchmark(Baseline = true, Description = "package, default threads (before)")]
    public float[] PackageDefaultThreads() => _packageDefault.Encode([Next()], CancellationToken.None)[0];

    [Benchmark(Description = "package, 1 thread")]
    public float[] PackageOneThread() => _packageOneThread.Encode([Next()], CancellationToken.None)[0];

    [Benchmark(Description = "direct ONNX, 1 thread (after)")]
    public float[] DirectOneThread() => _direct.Encode([Next()], CancellationToken.None)[0];

    [Benchmark(OperationsPerInvoke = Batch, Description = "direct ONNX, batch of 16, per query")]
    public float[][] DirectBatchOf16() => _direct.Encode(_batches[_next++ % _batches.Length], CancellationToken.None);

    private string Next() => _queries[_next++ % _queries.Length];

    private static OrtSessionOptions OneThread() => new() { IntraOpNumThreads = 1, InterOpNumThreads = 1 };

    private sealed class Config : ManualConfig
    {
        public Config() =>
            // Milliseconds per call: a short warm-up and 20 iterations in one launch keep the whole class under 2 minutes.
            AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(5).WithIterationCount(20));
    }
}
