namespace Xnai.Tests.Rag;

/// <summary>
/// The held-out set for the retrieval design that ships. <see cref="ParaphraseSet"/> was held out for the first
/// hybrid design and then used, together with <see cref="RelevanceDevSet"/>, to choose the second; so these questions
/// were written afterwards, in one sitting, before any ranking was run on them, and evaluated once. Everyday wording,
/// none of the target document's title words, metric or component names; none copies a question of the other sets.
/// </summary>
public static class HeldOutSet
{
    public static readonly (string Question, string Document)[] Questions =
    [
        ("Is there a password that lets someone act as an operator, and where is it set?", "admin-key.md"),
        ("What is shown on the monitoring board, panel by panel?", "grafana-dashboard.md"),
        ("What answer do I get back after posting a typed message?", "api-chat.md"),
        ("Why does the document search get three chances and not more?", "breaker-rag-api.md"),
        ("Why is the pause after the chat storage gives up only a quarter of a minute?", "breaker-redis.md"),
        ("Why does the speaking part get cut off after just two mistakes?", "breaker-voice-processing.md"),
        ("Which buttons in the dashboard let me cause trouble on purpose?", "chaos-fault-injection.md"),
        ("Is each outside part guarded separately, or is there one guard for everything?", "circuit-breakers-explained.md"),
        ("Can I adjust the limits while the app keeps running?", "configuration.md"),
        ("In what order do the parts come up when I launch the whole thing?", "deployment-apphost.md"),
        ("Where do passwords go when I ship it to the cloud?", "deployment-manifest-export.md"),
        ("My computer has no container engine; can the chat storage still run?", "deployment-redis-modes.md"),
        ("Why isn't counting mistakes in a row enough on its own?", "error-rate-rule.md"),
        ("How fast does the reply come back when the search part is switched off?", "fallback-knowledge-base.md"),
        ("What if the waiting list of unsaved messages runs full?", "fallback-session-store.md"),
        ("If the audio reply cannot be made, do I still get an answer?", "fallback-voice.md"),
        ("Does the pause get longer each time a part breaks again straight after recovering?", "half-open-probes.md"),
        ("Can I point the assistant at a folder of my own files?", "knowledge-base-service.md"),
        ("Can I measure two builds against each other under the same traffic?", "load-testing.md"),
        ("What do the numbers 0, 1 and 2 mean on the gauge for each guard?", "metrics-circuit-breaker-state.md"),
        ("Where do the traces and log lines end up?", "observability.md"),
        ("How many messages a minute may one person send?", "rate-limiting.md"),
        ("What usually makes a guard open and close over and over?", "runbook-breaker-flapping.md"),
        ("How do I know the document search has really come back after an outage?", "runbook-rag-outage.md"),
        ("Can a message I type ever end up being run as a command on the server?", "security-and-input-validation.md"),
        ("How big may a recording be before it is refused?", "voice-speech-to-text.md"),
        ("What kind of audio file comes back when the app reads its answer aloud?", "voice-text-to-speech.md"),
        ("The words it heard from my recording are wrong; what can I do?", "voice-troubleshooting.md"),
    ];
}
