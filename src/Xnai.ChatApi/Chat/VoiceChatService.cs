using Xnai.ChatApi.Dependencies;
using Xnai.ChatApi.Telemetry;

namespace Xnai.ChatApi.Chat;

/// <summary>
/// Voice chat: speech to text, the chat flow, text to speech. Voice failing adds its <see cref="Fallback"/> after the
/// chat's: a recording sent with typed text is answered from the text, and an answer that cannot be spoken stays in text.
/// </summary>
public sealed class VoiceChatService(ChatService chat, VoiceClient voice, ChatMetrics metrics)
{
    /// <summary>
    /// Answers the recording <paramref name="audio"/> in <paramref name="sessionId"/>'s conversation; <paramref name="typed"/>
    /// (cleaned) is answered instead when speech cannot be transcribed.
    /// </summary>
    public async Task<VoiceChatResult> AnswerAsync(string sessionId, byte[] audio, string? typed, CancellationToken cancellationToken)
    {
        DependencyResult<Transcript> heard;
        try
        {
            heard = await voice.TranscribeAsync(audio, cancellationToken).ConfigureAwait(false);
        }
        catch (VoiceInputException ex)
        {
            return new VoiceChatProblem((int)ex.Status, "The recording was not accepted", ex.Message);
        }

        var voiceFallback = heard.Fallback;
        if (voiceFallback is not null)
        {
            metrics.RecordFallback(voiceFallback.Service);
            if (typed is null)
            {
                return new VoiceChatProblem(
                    StatusCodes.Status503ServiceUnavailable,
                    "Voice processing is temporarily unavailable",
                    FallbackMessages.VoiceInput(voiceFallback.RetryAfterSeconds),
                    Math.Max(voiceFallback.RetryAfterSeconds, 1));
            }
        }

        var transcript = heard.Value?.Text ?? typed!;
        if (string.IsNullOrWhiteSpace(transcript))
        {
            return new VoiceChatProblem(
                StatusCodes.Status422UnprocessableEntity,
                "No speech recognised",
                "The recording was processed but no words were recognised. Please speak closer to the microphone or type your message.");
        }

        var answer = await chat.AnswerAsync(sessionId, ChatService.CleanMessage(transcript), cancellationToken).ConfigureAwait(false);

        // Voice already failed for this request: the answer is not sent to it again.
        Speech? speech = null;
        if (voiceFallback is null)
        {
            // A stale answer is spoken with a short prefix saying so; the text answer carries its label in `stale`.
            // Citation markers ("[1]") are for the page; the spoken answer is the short answer without them.
            var said = Citations.Strip(answer.Text);
            var text = answer.Stale is null ? said : FallbackMessages.StaleSpokenPrefix + said;
            var spoken = await voice.SynthesizeAsync(text, cancellationToken).ConfigureAwait(false);
            speech = spoken.Value;
            voiceFallback = spoken.Fallback;
            if (voiceFallback is not null)
            {
                metrics.RecordFallback(voiceFallback.Service);
            }
        }

        List<Fallback> fallbacks = [.. answer.Fallbacks];
        fallbacks.AddIfAny(voiceFallback);
        return new VoiceChatResponse(
            answer.SessionId,
            transcript,
            answer.Text,
            answer.Sources,
            speech is null ? null : Convert.ToBase64String(speech.Wav),
            speech is null ? null : "audio/wav",
            fallbacks.Count > 0,
            fallbacks.Services(),
            fallbacks.RetryAfterSeconds(),
            voiceFallback is null ? null : FallbackMessages.VoiceReply(voiceFallback.RetryAfterSeconds),
            answer.Stale);
    }
}
