namespace Xnai.Tests.Rag;

/// <summary>
/// A second held-out set, written in one sitting and committed before any ranking was run on it, after
/// <see cref="HeldOutSet"/> had been evaluated once: any later change to the retrieval design is judged here, not on
/// the sets it was chosen with. Same rules as <see cref="HeldOutSet"/>: everyday wording, none of the target
/// document's title words, metric or component names, no copy of a question in the other sets; questions that two
/// documents would answer equally well were left out rather than labelled by guess.
/// </summary>
public static class SecondHeldOutSet
{
    public static readonly (string Question, string Document)[] Questions =
    [
        ("Which warnings go off by themselves, and who receives them?", "alerts.md"),
        ("What does the reply look like after I upload a spoken question?", "api-chat-voice.md"),
        ("From a script, how do I see which guards have tripped and flip one by hand?", "api-circuits.md"),
        ("When does the status report say things are only partly working rather than broken?", "api-health.md"),
        ("Can I fetch everything that was said in one conversation, and how long is it kept?", "api-sessions.md"),
        ("Is there a tally of how many times each guard refused to even try a call?", "metrics-failures-recoveries-rejections.md"),
        ("I'm new here; what does this thing do differently from an ordinary chatbot?", "overview.md"),
        ("Lookup, memory and speech have all failed together; what does a user still get?", "runbook-all-dependencies-down.md"),
        ("The share of bad responses has been too high for a while; how do I find the cause?", "runbook-error-rate-alert.md"),
        ("The store that keeps conversations is unreachable; how do I make sure unsaved messages don't pile up forever?", "runbook-redis-outage.md"),
        ("Nobody gets spoken answers any more; how do I bring that part back and check it works?", "runbook-voice-outage.md"),
        ("Is a call that succeeds but takes ten seconds counted as a problem?", "slow-call-rule.md"),
        ("Where does the operator password come from if I never set one?", "admin-key.md"),
        ("Which program reads the replies aloud, and can odd characters in the reply do harm?", "voice-text-to-speech.md"),
        ("Which program writes down what I say into the microphone, and does it need the internet?", "voice-speech-to-text.md"),
        ("How is a tripped guard given a chance to prove itself again, and what if it fails that test?", "half-open-probes.md"),
        ("Why does the memory store get more errors allowed than the document lookup before being cut off?", "breaker-redis.md"),
        ("Does the share of bad calls over a long stretch matter when there were only a handful of calls?", "error-rate-rule.md"),
        ("What exactly does the reply say when the document lookup is out of action?", "fallback-knowledge-base.md"),
        ("Which charts are there, and how do I get them running on my machine?", "grafana-dashboard.md"),
        ("How does the lookup part decide which passage fits my question best?", "knowledge-base-service.md"),
        ("Is there a tool that hammers the app with traffic and reports how it held up?", "load-testing.md"),
        ("Which wrong settings stop the app from starting at all?", "configuration.md"),
        ("If my message can't be saved right now, is it kept somewhere until it can?", "fallback-session-store.md"),
        ("What does a guard's gauge read while it lets just one trial call through?", "metrics-circuit-breaker-state.md"),
        ("Is there a cap on how quickly one person may talk to the assistant?", "rate-limiting.md"),
        ("How do I write out a description of the whole app for a hosting platform?", "deployment-manifest-export.md"),
        ("Which steps confirm that the document lookup is what broke?", "runbook-rag-outage.md"),
        ("Can I make the lookup part fail on purpose without stopping it?", "chaos-fault-injection.md"),
        ("Why does the talking part get a rest of three quarters of a minute?", "breaker-voice-processing.md"),
    ];
}
