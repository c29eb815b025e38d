namespace Xnai.VoiceWorker.Speech;

/// <summary>One recogniser instance; not thread-safe, the <see cref="RecognizerPool"/> hands it to one caller at a time.</summary>
public interface ISpeechRecognizer : IDisposable
{
    /// <summary>Recognises one utterance of 16 kHz mono 16-bit PCM; returns the lowercase words, or "" for silence.</summary>
    string Recognize(ReadOnlySpan<short> pcm16Khz);
}
