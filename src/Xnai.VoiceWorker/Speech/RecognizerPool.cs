using System.Collections.Concurrent;

namespace Xnai.VoiceWorker.Speech;

/// <summary>
/// A fixed number of loaded recognisers. A caller waits at most <c>wait</c> for one to be free, then gets
/// nothing (the endpoint answers 503): the pool never builds an unbounded queue of decodes.
/// Recognisers are created lazily, or up front by <see cref="WarmUp"/>.
/// </summary>
public sealed class RecognizerPool : IDisposable
{
    private readonly Func<ISpeechRecognizer> _factory;
    private readonly TimeSpan _wait;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentBag<ISpeechRecognizer> _idle = [];
    private int _instances;
    private int _inUse;

    /// <summary>Creates a pool of at most <paramref name="size"/> recognisers.</summary>
    public RecognizerPool(Func<ISpeechRecognizer> factory, int size, TimeSpan wait, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero);
        _factory = factory;
        _wait = wait;
        _timeProvider = timeProvider;
        Size = size;
        _slots = new SemaphoreSlim(size, size);
    }

    /// <summary>Maximum number of concurrent decodes.</summary>
    public int Size { get; }

    /// <summary>Recognisers currently decoding.</summary>
    public int InUse => Volatile.Read(ref _inUse);

    /// <summary>Recognisers loaded so far.</summary>
    public int Loaded => Volatile.Read(ref _instances);

    /// <summary>Waits up to the configured time for a free recogniser; null when all stay busy.</summary>
    public async ValueTask<RecognizerLease?> TryRentAsync(CancellationToken cancellationToken)
    {
        if (!await WaitForSlotAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        try
        {
            if (!_idle.TryTake(out var recognizer))
            {
                recognizer = _factory();
                Interlocked.Increment(ref _instances);
            }

            Interlocked.Increment(ref _inUse);
            return new RecognizerLease(this, recognizer);
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    /// <summary>Loads every recogniser that is not loaded yet, so the first requests do not pay for it.</summary>
    public void WarmUp()
    {
        while (Volatile.Read(ref _instances) < Size && _slots.Wait(0))
        {
            try
            {
                if (Volatile.Read(ref _instances) < Size)
                {
                    _idle.Add(_factory());
                    Interlocked.Increment(ref _instances);
                }
            }
            finally
            {
                _slots.Release();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        while (_idle.TryTake(out var recognizer))
        {
            recognizer.Dispose();
        }

        _slots.Dispose();
    }

    internal void Return(ISpeechRecognizer recognizer, bool discard)
    {
        Interlocked.Decrement(ref _inUse);
        if (discard)
        {
            // A recogniser that failed mid-utterance may be in a bad state: replace it on the next rent.
            recognizer.Dispose();
            Interlocked.Decrement(ref _instances);
        }
        else
        {
            _idle.Add(recognizer);
        }

        _slots.Release();
    }

    private async ValueTask<bool> WaitForSlotAsync(CancellationToken cancellationToken)
    {
        if (_slots.Wait(0, CancellationToken.None))
        {
            return true;
        }

        if (_wait == TimeSpan.Zero)
        {
            return false;
        }

        // The timeout runs on the injected TimeProvider so tests can drive it.
        using var timeout = new CancellationTokenSource(_wait, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            await _slots.WaitAsync(linked.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
