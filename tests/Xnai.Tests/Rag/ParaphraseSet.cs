namespace Xnai.Tests.Rag;

/// <summary>
/// Questions as a newcomer words them, avoiding the target document's own vocabulary (its title words, metric and
/// component names). Written in one sitting before any ranking was looked at, and not edited against the results:
/// a question that ranks badly stays in, because that is what the set is for.
/// </summary>
public static class ParaphraseSet
{
    public static readonly (string Question, string Document)[] Questions =
    [
        ("Which settings can I change without rebuilding?", "configuration.md"),
        ("What do I do when nothing works at all?", "runbook-all-dependencies-down.md"),
        ("The assistant stopped remembering what I said earlier; what happens to my messages meanwhile?", "fallback-session-store.md"),
        ("After the app gives up on the document search, how long until it tries again?", "breaker-rag-api.md"),
        ("Speaking into the microphone gives nothing back; how do I figure out what is wrong?", "voice-troubleshooting.md"),
        ("How does the app turn its written reply into sound?", "voice-text-to-speech.md"),
        ("How does it understand what I say out loud?", "voice-speech-to-text.md"),
        ("How can I deliberately break things to see how the system copes?", "chaos-fault-injection.md"),
        ("Why am I told to slow down when I send lots of messages quickly?", "rate-limiting.md"),
        ("Where can I see on a chart whether the protective switches keep tripping?", "grafana-dashboard.md"),
        ("Who gets warned, and when, if things keep going wrong?", "alerts.md"),
        ("How do I put this on a cloud host?", "deployment-manifest-export.md"),
        ("How do I start everything on my own laptop?", "deployment-apphost.md"),
        ("What stops strangers from flipping the emergency switches?", "admin-key.md"),
        ("What happens while a protective switch is testing the water again?", "half-open-probes.md"),
        ("What if requests don't fail but just take forever?", "slow-call-rule.md"),
        ("A service fails some of the time but never several times in a row; does anything notice?", "error-rate-rule.md"),
        ("How do I simulate a crowd of people using it at once?", "load-testing.md"),
        ("What does the app tell people when it cannot look things up in its documents?", "fallback-knowledge-base.md"),
        ("Can a script ask whether the whole thing is alive and fine?", "api-health.md"),
        ("How do I read back an earlier conversation?", "api-sessions.md"),
        ("How do I send a recorded question instead of typing it?", "api-chat-voice.md"),
        ("What protects the app from garbage or oversized requests?", "security-and-input-validation.md"),
        ("Where can I follow one request across all the parts of the system?", "observability.md"),
        ("Give me the big picture: what is this product and what are its parts?", "overview.md"),
        ("The place where chats are kept crashed; what should I check, step by step?", "runbook-redis-outage.md"),
        ("Talking to the app stopped working for everyone; what is the on-call procedure?", "runbook-voice-outage.md"),
        ("A warning says more than half of the calls are going wrong; what now?", "runbook-error-rate-alert.md"),
        ("How many times can the speaking part misbehave before the app stops calling it?", "breaker-voice-processing.md"),
        ("How do I count how often callers were turned away without even trying?", "metrics-failures-recoveries-rejections.md"),
    ];
}
