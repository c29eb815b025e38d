using Microsoft.Extensions.Options;
using Xnai.VoiceWorker.Audio;

namespace Xnai.VoiceWorker.Speech;

/// <summary>Validates, converts and recognises one uploaded WAV file.</summary>
public sealed class SpeechToTextService(RecognizerPool pool, IOptions<VoiceOptions> options, TimeProvider timeProvider)
{
    /// <summary>
    /// Recognises <paramref name="wav"/>; null when no decoder became free within the configured wait.
    /// Everything is validated and converted before a decoder is taken, so bad input never reaches native code.
    /// </summary>
    /// <exception cref="AudioFormatException">The upload is not an acceptable WAV file.</exception>
    /// <exception cref="SpeechEngineUnavailableException">pocketsphinx or its model is missing.</exception>
    public async Task<Transcription?> TryTranscribeAsync(ReadOnlyMemory<byte> wav, CancellationToken cancellationToken)
    {
        var audio = WavReader.Read(wav, options.Value.MaxAudioDuration);
        var pcm = AudioConverter.ToMono16Khz(audio);

        using var lease = await pool.TryRentAsync(cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            return null;
        }

        var started = timeProvider.GetTimestamp();
        var text = lease.Recognize(pcm);
        return new Transcription(text, audio.Duration, timeProvider.GetElapsedTime(started));
    }
}
