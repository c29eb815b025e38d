using Microsoft.Extensions.Time.Testing;
using Xnai.VoiceWorker.Speech;

namespace Xnai.Tests.Voice;

[Trait("Category", "Unit")]
public sealed class RecognizerPoolTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task TryRent_AllBusyAfterWait_ReturnsNull()
    {
        using var pool = new RecognizerPool(() => new FakeRecognizer(), 1, TimeSpan.FromSeconds(2), _time);
        using var held = await pool.TryRentAsync(CancellationToken.None);

        var waiting = pool.TryRentAsync(CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Null(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task TryRent_ReleasedWithinWait_GetsTheSameRecognizer()
    {
        var created = 0;
        using var pool = new RecognizerPool(() => { created++; return new FakeRecognizer(); }, 1, TimeSpan.FromSeconds(2), _time);
        var held = await pool.TryRentAsync(CancellationToken.None);

        var waiting = pool.TryRentAsync(CancellationToken.None).AsTask();
        _time.Advance(TimeSpan.FromSeconds(1));
        held!.Dispose();
        using var lease = await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.NotNull(lease);
        Assert.Equal(1, created);
    }

    [Fact]
    public async Task Rent_MoreParallelRequestsThanPool_ExcessRejectedOthersServed()
    {
        var gate = new ManualResetEventSlim();
        using var pool = new RecognizerPool(() => new FakeRecognizer(gate), 2, TimeSpan.Zero, _time);

        var requests = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            using var lease = await pool.TryRentAsync(CancellationToken.None);
            return lease?.Recognize(new short[160]);
        })).ToArray();
        // The two served requests block in the fake until every other one has been turned away.
        await WaitUntilAsync(() => requests.Count(r => r.IsCompleted) == 4);
        gate.Set();
        var results = await Task.WhenAll(requests).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, results.Count(r => r == "ok"));
        Assert.Equal(4, results.Count(r => r is null));
        Assert.Equal(2, pool.Loaded);
        Assert.Equal(0, pool.InUse);
    }

    [Fact]
    public async Task Recognize_Throws_RecognizerIsRetiredAndReplaced()
    {
        var created = new List<FakeRecognizer>();
        using var pool = new RecognizerPool(() => { var r = new FakeRecognizer(fail: created.Count == 0); created.Add(r); return r; }, 1, TimeSpan.Zero, _time);

        using (var lease = await pool.TryRentAsync(CancellationToken.None))
        {
            Assert.Throws<InvalidOperationException>(() => lease!.Recognize(new short[10]));
        }

        using var next = await pool.TryRentAsync(CancellationToken.None);

        Assert.Equal("ok", next!.Recognize(new short[10]));
        Assert.True(created[0].Disposed);
        Assert.Equal(2, created.Count);
    }

    [Fact]
    public void WarmUp_LoadsEveryRecognizerOnce()
    {
        var created = 0;
        using var pool = new RecognizerPool(() => { Interlocked.Increment(ref created); return new FakeRecognizer(); }, 3, TimeSpan.Zero, _time);

        pool.WarmUp();
        pool.WarmUp();

        Assert.Equal(3, created);
        Assert.Equal(3, pool.Loaded);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private sealed class FakeRecognizer(ManualResetEventSlim? gate = null, bool fail = false) : ISpeechRecognizer
    {
        public bool Disposed { get; private set; }

        public string Recognize(ReadOnlySpan<short> pcm16Khz)
        {
            if (fail)
            {
                throw new InvalidOperationException("decoder failed");
            }

            gate?.Wait(TimeSpan.FromSeconds(30));
            return "ok";
        }

        public void Dispose() => Disposed = true;
    }
}
