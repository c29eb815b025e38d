namespace Xnai.VoiceWorker.Speech;

/// <summary>Exclusive use of one pooled recogniser until disposed.</summary>
public sealed class RecognizerLease : IDisposable
{
    private readonly RecognizerPool _pool;
    private ISpeechRecognizer? _recognizer;
    private bool _faulted;

    internal RecognizerLease(RecognizerPool pool, ISpeechRecognizer recognizer)
    {
        _pool = pool;
        _recognizer = recognizer;
    }

    /// <summary>Recognises with the leased recogniser; a failure retires it from the pool.</summary>
    public string Recognize(ReadOnlySpan<short> pcm16Khz)
    {
        var recognizer = _recognizer ?? throw new ObjectDisposedException(nameof(RecognizerLease));
        try
        {
            return recognizer.Recognize(pcm16Khz);
        }
        catch
        {
            _faulted = true;
            throw;
        }
    }

    /// <summary>Returns the recogniser to the pool.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _recognizer, null) is { } recognizer)
        {
            _pool.Return(recognizer, _faulted);
        }
    }
}
