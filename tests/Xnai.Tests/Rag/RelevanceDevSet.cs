namespace Xnai.Tests.Rag;

/// <summary>
/// The set retrieval is tuned on, so <see cref="ParaphraseSet"/> stays held out: more everyday-worded questions (none
/// copies a ParaphraseSet question) and questions the knowledge base cannot answer. Written before any ranking was
/// looked at; a question that ranks badly stays in.
/// </summary>
public static class RelevanceDevSet
{
    public static readonly (string Question, string Document)[] Paraphrases =
    [
        ("If the search part keeps erroring, after how many tries does the app stop asking it?", "breaker-rag-api.md"),
        ("How long does the app wait before trying the chat storage again after it gave up on it?", "breaker-redis.md"),
        ("What conditions can a safety cut-off be in, and how does it move between them?", "circuit-breakers-explained.md"),
        ("Does a wrong request from the user count against the service's record?", "circuit-breakers-explained.md"),
        ("When the talking feature is broken, can I still type to the assistant?", "fallback-voice.md"),
        ("Which number tells me whether a protected part is blocked right now?", "metrics-circuit-breaker-state.md"),
        ("How do I tell the app to stop calling a part on purpose, or to forget its past errors?", "api-circuits.md"),
        ("Can I use my own notes as the material the assistant answers from?", "knowledge-base-service.md"),
        ("Do I have to install container software for the chat storage?", "deployment-redis-modes.md"),
        ("The safety switch opens and closes every few seconds; why?", "runbook-breaker-flapping.md"),
        ("What should I look at first when the document search is down?", "runbook-rag-outage.md"),
        ("Where can I read what the services printed while they ran?", "observability.md"),
        ("My uploaded recording is refused as the wrong kind of file; what does that mean?", "voice-troubleshooting.md"),
        ("What does the message I send to ask a typed question look like?", "api-chat.md"),
        ("Once the broken part is back, does the app notice by itself, and how carefully?", "half-open-probes.md"),
        ("Does the waiting time grow if the part breaks again right after coming back?", "half-open-probes.md"),
        ("What do I install on a brand-new Linux computer to run it?", "deployment-apphost.md"),
        ("Which services have to be up before the chat service starts?", "deployment-apphost.md"),
        ("How do I see the charts on my own computer?", "grafana-dashboard.md"),
        ("What happens when the saved history cannot be reached for a long time and the waiting list fills up?", "fallback-session-store.md"),
        ("How quickly does the user get an answer when the document search is off?", "fallback-knowledge-base.md"),
        ("Is a tiny amount of traffic enough to trip the percentage-based protection?", "error-rate-rule.md"),
        ("Do mistakes from long ago still count against a service hours later?", "error-rate-rule.md"),
        ("Is treating sluggish replies as failures switched on out of the box?", "slow-call-rule.md"),
        ("How is the speaking part's protective switch tuned, and why such a long pause?", "breaker-voice-processing.md"),
        ("What numbers does the app report for how often things went wrong and came back?", "metrics-failures-recoveries-rejections.md"),
        ("How do I check the warnings are set up correctly before shipping them?", "alerts.md"),
        ("What makes this product different from a plain chatbot?", "overview.md"),
    ];

    public static readonly string[] OffTopic =
    [
        "What is the weather like in Lisbon tomorrow?",
        "Recommend a good science fiction novel",
        "How many calories are in a banana?",
        "Who won the football world cup in 1998?",
        "How do I change a flat tyre on my bike?",
        "Translate good morning into Japanese",
        "How do I restart my home wifi router?",
        "How tall is Mount Everest?",
        "Can you write me a poem about autumn?",
        "What is a healthy breakfast?",
        "How do I get red wine out of a carpet?",
        "Is it safe to give my dog grapes?",
        "How do I repair a leaking kitchen tap?",
    ];
}
