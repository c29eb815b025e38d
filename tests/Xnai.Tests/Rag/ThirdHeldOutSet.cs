namespace Xnai.Tests.Rag;

/// <summary>
/// A third held-out set, written in one sitting on 2026-12-04 and committed before any ranking was run on it, after
/// <see cref="SecondHeldOutSet"/> had been evaluated once: a retrieval change made after that evaluation is judged
/// here, once. Same rules as the other held-out sets: everyday wording, none of the target document's title words,
/// metric or component names, no copy of a question in the other sets; questions that two documents would answer
/// equally well were left out rather than labelled by guess.
/// </summary>
public static class ThirdHeldOutSet
{
    public static readonly (string Question, string Document)[] Questions =
    [
        ("In plain words, what positions can one of the app's guards be in, and what does each mean for my request?", "circuit-breakers-explained.md"),
        ("Where do the app's logs and traces end up, and can an outside tool pull its numbers?", "observability.md"),
        ("Does sending a malformed request ever crash the server, or is there always a tidy refusal?", "security-and-input-validation.md"),
        ("The words it heard from my recording are nonsense; what can I try?", "voice-troubleshooting.md"),
        ("Which single command brings up every piece plus the monitoring page on my laptop?", "deployment-apphost.md"),
        ("My machine has no Docker; how does the conversation store get started, and can I pick the way myself?", "deployment-redis-modes.md"),
        ("How can I make the lookup and speech services misbehave on purpose to rehearse an incident?", "chaos-fault-injection.md"),
        ("A guard keeps switching off and back on every few minutes; what is usually behind that?", "runbook-breaker-flapping.md"),
        ("People say the assistant can't reach its reference material; what should I check first?", "runbook-rag-outage.md"),
        ("If the spoken reply can't be produced, does the person still get an answer?", "fallback-voice.md"),
        ("Which fields come back when I send a typed question, and how do I keep the same conversation going?", "api-chat.md"),
        ("Why is the guard around speech so quick to give up compared with the others?", "breaker-voice-processing.md"),
        ("After the guard around document lookup trips, how long before it tries that service again?", "breaker-rag-api.md"),
        ("Where is the full list of knobs I can set, with their defaults?", "configuration.md"),
        ("What number does the monitoring system show for a guard that's cut off compared with one that's fine?", "metrics-circuit-breaker-state.md"),
        ("Is there a running count of how often each guard came back to normal?", "metrics-failures-recoveries-rejections.md"),
        ("What must an operator send along to use the protected controls, and what happens without it?", "admin-key.md"),
        ("How long must a guard stay tripped before a warning goes out?", "alerts.md"),
        ("How do I play the spoken answer that comes back after I upload a recording?", "api-chat-voice.md"),
        ("Why does the status check still return 200 when part of the app is down?", "api-health.md"),
        ("What is this product for, and which parts is it built from?", "overview.md"),
        ("Everything it relies on went down at once; in what order should I bring things back?", "runbook-all-dependencies-down.md"),
        ("The share of failed requests has crossed one half and I got paged; what now?", "runbook-error-rate-alert.md"),
        ("Conversations aren't being saved and the logs show the store refusing connections; what's the procedure?", "runbook-redis-outage.md"),
        ("Each time a tripped guard fails its trial, does the wait before the next trial grow?", "half-open-probes.md"),
        ("How many failed attempts in a row does the guard around conversation storage put up with?", "breaker-redis.md"),
        ("Can many failures spread over several minutes trip a guard even if they never come back to back?", "error-rate-rule.md"),
        ("Which visual panels can I import to watch guards change over time?", "grafana-dashboard.md"),
        ("Does the lookup service need an outside AI model or database, and does it invent answers?", "knowledge-base-service.md"),
        ("How do I find out how many requests per second the app copes with?", "load-testing.md"),
        ("What answer does someone get when they send messages faster than allowed?", "rate-limiting.md"),
        ("Which voice reads the answers and what sound quality does it produce?", "voice-text-to-speech.md"),
        ("Is there any hint in the reply about when to ask again while reference lookups are failing?", "fallback-knowledge-base.md"),
        ("Can a dependency that answers correctly but only after a long pause still count against it?", "slow-call-rule.md"),
    ];
}
