namespace Xnai.ChatApi.Chat;

/// <summary>What users read when a dependency is down: what happened, that it heals itself, and when it tries again.</summary>
public static class FallbackMessages
{
    /// <summary>The knowledge base fallback: no sourced answer now, recovery is automatic, when it is tried again, the conversation is kept.</summary>
    public static string KnowledgeBase(int retryAfterSeconds) =>
        "I'm temporarily unable to access my knowledge base, so I can't give you a sourced answer right now. "
        + "The service is automatically recovering: "
        + (retryAfterSeconds > 0
            ? $"I'll try the knowledge base again in about {Seconds(retryAfterSeconds)}."
            : "I'll try the knowledge base again with your next message.")
        + " Your conversation is kept meanwhile.";

    /// <summary>Spoken before a stale answer (one the knowledge base gave earlier), so a listener knows it is not live.</summary>
    public const string StaleSpokenPrefix = "The knowledge base is unavailable, so here is an earlier answer. ";

    /// <summary>Shown with a text answer when the spoken reply could not be produced.</summary>
    public static string VoiceReply(int retryAfterSeconds) =>
        "Voice replies are temporarily unavailable, so here is the answer as text. The voice service is automatically recovering"
        + (retryAfterSeconds > 0 ? $"; spoken replies should be back in about {Seconds(retryAfterSeconds)}." : ".");

    /// <summary>Detail of the 503 when speech could not be transcribed.</summary>
    public static string VoiceInput(int retryAfterSeconds) =>
        "Voice processing is temporarily unavailable, so your recording could not be transcribed. Please type your message instead"
        + (retryAfterSeconds > 0 ? $", or try speaking again in about {Seconds(retryAfterSeconds)}." : ".");

    // A retry can be 1 s away (the last second of a break): "1 second", never "1 seconds".
    private static string Seconds(int count) => count == 1 ? "1 second" : $"{count} seconds";
}
