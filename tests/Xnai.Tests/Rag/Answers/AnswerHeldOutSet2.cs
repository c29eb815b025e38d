namespace Xnai.Tests.Rag.Answers;

/// <summary>
/// Second held-out part of the answer set (issue 28): everyday questions written from the shipped documents after the
/// first held-out part was spent, committed before any composition ran on it, evaluated once at the end
/// (XNAI_ANSWERS_HELDOUT2=1). Follow-ups are written as chatapi sends them: the new message first, then the previous
/// user turn (<c>ChatService</c>).
/// </summary>
public static class AnswerHeldOutSet2
{
    public static readonly AnswerCase[] Cases =
    [
        new("If the knowledge service keeps failing, how long before chatapi checks on it again?", [AnswerDevSet.S30], [AnswerDevSet.S15, AnswerDevSet.S45]),
        new("How many Redis errors in a row does it take to trip its breaker?", [@"\b5\b|five"], [@"\b3 consecutive|\b2 consecutive"]),
        new("Why does the voice breaker give up after just two failures?", [@"expensive|wastes|upload|slow failures"], []),
        new("Why does the knowledge base breaker wait for three failures and not one?", [@"clear signal|dropped connection|down rather"], []),
        new("Why is the Redis break so short?", [@"under a second|reconnects|history back quickly"], [AnswerDevSet.S30, AnswerDevSet.S45]),
        new("What is the break duration multiplier out of the box?", [@"\b1\b|no backoff"], []),
        new("How much audio can speech recognition take in one go?", [AnswerDevSet.S30], [@"1,000|4,000"]),
        new("What error comes back when my recording is too long?", [@"\b413\b"], []),
        new("Can I upload an MP3 to voice chat?", [@"\b415\b|convert|PCM WAV"], []),
        new("How long does flite take to speak one sentence?", [@"20 to 150 ?ms"], [@"0\.2 to 0\.35"]),
        new("How accurate is speech recognition on flite's voice?", [@"4 to 6 ?%|5 ?%"], [@"75 ?%"]),
        new("Why shouldn't I use espeak-ng for round-trip tests?", [@"75 ?%|unrecognizable"], []),
        new("In what order should I bring things back when everything is down?", [@"Redis first"], []),
        new("Which file do I import into Grafana?", [@"xnai-circuit-breakers\.json"], []),
        new("Which OpenTelemetry meter carries the breaker metrics?", [@"Xnai\.CircuitBreakers"], []),
        new("How do I produce a deployment manifest instead of running the app?", [@"publisher manifest"], []),
        new("Which resource does chatapi wait for before it starts?", [@"\bcache\b"], []),
        new("Which address does the local redis-server listen on?", [@"127\.0\.0\.1"], []),
        new("Could someone work out the admin key by timing the responses?", [@"constant time"], []),
        new("How many speech decoders run at the same time?", [@"per core"], []),
        new("What do I get back when all speech decoders are busy?", [@"\b503\b"], [@"\b413\b|\b415\b"]),
        new("How do I switch off the error-rate rule?", [@"ratio of 0|\b0\b"], ["SlowCall"]),
        new("What is the most latency I can inject into a service?", [@"60,000|60000"], [@"86,400|86400"]),
        new("How does the knowledge base rank passages?", [@"BM25"], []),
        new("What kinds of files can I put in the knowledge folder?", [@"Markdown|\.md\b", @"plain-text|\.txt\b"], []),
        new("What does the setup step install on a fresh Debian machine?", ["redis-server", "flite", "pocketsphinx"], []),
        new("How do alerts get to the team that owns the dependency?", [@"service.{0,3} label"], []),
        new("what about redis? After how many failures does the knowledge base breaker open?", [@"\b5\b|five"], [@"\b3 consecutive|\b2 consecutive"]),
        new("and the speech one? How long does the Redis breaker stay open?", [AnswerDevSet.S45], [AnswerDevSet.S15, AnswerDevSet.S30]),
        new("Can you suggest a good film for tonight?", [AnswerDevSet.NoMatch], []),
        new("How do I bake sourdough bread at home?", [AnswerDevSet.NoMatch], []),
    ];
}
