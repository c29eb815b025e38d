namespace Xnai.VoiceWorker.Speech;

/// <summary>A recognition result.</summary>
/// <param name="Text">Recognised words, lowercase; empty for silence.</param>
/// <param name="AudioDuration">Duration of the uploaded audio.</param>
/// <param name="DecodeTime">Time spent in the decoder.</param>
public sealed record Transcription(string Text, TimeSpan AudioDuration, TimeSpan DecodeTime);
