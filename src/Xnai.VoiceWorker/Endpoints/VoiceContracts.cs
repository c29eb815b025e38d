namespace Xnai.VoiceWorker.Endpoints;

/// <summary>Body of <c>POST /api/tts</c>.</summary>
/// <param name="Text">1 to 1,000 characters to speak.</param>
/// <param name="Voice">A flite voice from the allow-list; the default (kal16) when omitted.</param>
public sealed record TtsRequest(string? Text, string? Voice = null);

/// <summary>Answer of <c>POST /api/stt</c>.</summary>
/// <param name="Text">Recognised words, lowercase; empty for silence.</param>
/// <param name="DurationMs">Duration of the uploaded audio.</param>
/// <param name="DecodeMs">Time the recogniser took.</param>
public sealed record SttResponse(string Text, long DurationMs, long DecodeMs);

/// <summary>Answer of <c>GET /api/voices</c>.</summary>
/// <param name="Voices">Voices accepted by <c>/api/tts</c>.</param>
/// <param name="DefaultVoice">The voice used when a request names none.</param>
public sealed record VoicesResponse(IReadOnlyList<string> Voices, string DefaultVoice);
