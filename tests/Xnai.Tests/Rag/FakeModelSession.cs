using Microsoft.Extensions.Time.Testing;
using Xnai.RagStub.Semantic;

namespace Xnai.Tests.Rag;

/// <summary>
/// An in-process model session: every call takes <see cref="Cost"/> of the fake clock, returns a fixed vector per text,
/// and can be held (to saturate the encoder), made to hang, or made to fail.
/// </summary>
public sealed class FakeModelSession(FakeTimeProvider time, float[] vector) : ISentenceModel
{
    private readonly SemaphoreSlim _entered = new(0);
    private volatile ManualResetEventSlim? _hold;

    public TimeSpan Cost { get; set; } = TimeSpan.FromMilliseconds(300);

    public bool Fail { get; set; }

    public int Calls { get; private set; }

    /// <summary>Later calls wait until <see cref="Release"/> (forever, if never released: a hung model).</summary>
    public void Hold() => _hold = new ManualResetEventSlim(false);

    public void Release() => _hold?.Set();

    /// <summary>Waits until a call has entered the model.</summary>
    public Task EnteredAsync() => _entered.WaitAsync(TimeSpan.FromSeconds(30));

    public float[][] Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        Calls++;
        _entered.Release();
        _hold?.Wait(TimeSpan.FromMinutes(2));
        if (Fail)
        {
            throw new InvalidOperationException("model failed");
        }

        time.Advance(Cost);
        return [.. texts.Select(_ => (float[])vector.Clone())];
    }

    public void Dispose() => _hold?.Set();
}
