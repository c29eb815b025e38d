namespace Xnai.Tests.Rag.Answers;

/// <summary>
/// The answer set (issue 28), written from the shipped documents before the composer was changed: everyday
/// questions, each with the fact the answer must state and the neighbouring facts it must not state.
/// </summary>
public static class AnswerDevSet
{
    internal const string S15 = @"\b15 ?(s|sec|seconds)\b|fifteen seconds";
    internal const string S30 = @"\b30 ?(s|sec|seconds)\b|thirty seconds";
    internal const string S45 = @"\b45 ?(s|sec|seconds)\b|forty-five seconds";
    internal const string NoMatch = @"could not find|couldn't find|no relevant|not find";

    public static readonly AnswerCase[] Cases =
    [
        new("How long does the RAG breaker stay open?", [S30], [S15, S45]),
        new("How long does the redis breaker stay open before it tries again?", [S15], [S30, S45]),
        new("How long is the voice breaker open for?", [S45], [S15]),
        new("How many failures in a row before the knowledge base breaker opens?", [@"\b3\b|three"], [@"\b5 consecutive|five consecutive|\b2 consecutive"]),
        new("How many errors in a row before the speech breaker opens?", [@"\b2\b|two"], [@"\b3 consecutive|\b5 consecutive", S15]),
        new("How many consecutive failures trip the redis breaker?", [@"\b5\b|five"], [@"\b3 consecutive|\b2 consecutive"]),
        new("What share of failed calls opens a breaker?", [@"50 ?%"], ["rejections_total"]),
        new("Over what time window is the error rate measured?", [@"5 minutes|5-minute|00:05:00"], []),
        new("Is the slow-call rule on by default?", [@"off by default|0 by default|turns the rule off"], []),
        new("How slow must a call be to count as slow?", [@"10 seconds|10 s\b"], []),
        new("How many test calls are let through when a breaker half-opens?", [@"one probe|\b1\b"], []),
        new("What happens if the probe call fails?", [@"opens again|open again"], []),
        new("Which header carries the admin key?", ["X-Admin-Key"], []),
        new("What status code do I get without the admin key?", [@"\b401\b"], [@"\b429\b"]),
        new("What happens if no admin key is configured at all?", [@"refused"], []),
        new("What do I get back when I send too many chat messages?", [@"\b429\b"], [@"\b401\b"]),
        new("Which header tells me how long to wait after being rate limited?", ["Retry-After"], []),
        new("How long can a chat message be?", [@"4,000|4000"], [@"2,000|1,000"]),
        new("How much text can I send to be spoken aloud?", [@"1,000|1000"], [@"4,000|2,000"]),
        new("What is the longest voice recording I can upload?", [S30], []),
        new("How big can an uploaded recording file be?", [@"5 ?MB"], []),
        new("What sample rate does the spoken audio have?", [@"16 ?kHz"], []),
        new("Which program turns text into speech?", ["flite"], ["pocketsphinx"]),
        new("Which engine transcribes what I say?", ["pocketsphinx"], ["flite"]),
        new("What does state 3 on the breaker gauge mean?", ["isolated"], []),
        new("Which metric counts automatic recoveries?", ["circuit_breaker_recoveries_total"], ["circuit_breaker_rejections_total"]),
        new("Which metric counts calls that were rejected because the breaker was open?", ["circuit_breaker_rejections_total"], []),
        new("Which metric shows the current state of each breaker?", ["circuit_breaker_state"], []),
        new("What HTTP status does health return when the app is degraded?", [@"\b200\b"], []),
        new("Will a Redis outage make the orchestrator restart chatapi?", [@"never|not|no\b"], []),
        new("What happens to my messages while Redis is down?", [@"buffer"], []),
        new("What happens if the buffer of unsaved turns overflows?", [@"count|metric"], []),
        new("What does the chat say when the knowledge base is down?", [@"temporarily unable to access my knowledge base"], []),
        new("Does typed chat still work when voice is down?", [@"never calls the voice|keeps working|unaffected"], []),
        new("What do I get when my recording cannot be transcribed?", [@"\b503\b"], []),
        new("What happens when the spoken reply cannot be produced?", [@"as text|text answer|answer as text"], []),
        new("How do I force a breaker open on purpose?", ["isolate"], []),
        new("How do I close a breaker and clear its counts?", ["reset"], []),
        new("How do I turn a breaker off but keep measuring?", ["disable"], []),
        new("How do I add latency to the knowledge base?", [@"latencyMs|Add latency"], []),
        new("What status does an injected failure return?", [@"\b503\b"], []),
        new("How do I clear all injected faults?", [@"DELETE /api/admin/faults|Clear faults"], []),
        new("How long can injected faults last at most?", [@"86,400|86400"], []),
        new("Where are the Prometheus alert rules kept?", [@"alerts\.yml"], []),
        new("Which alert tells me a breaker keeps opening and closing?", [@"Repeated trips|flapping"], []),
        new("How do I force Redis to run as a plain process?", [@"Mode=process|Mode.{0,20}process"], []),
        new("What must I install when there is no container runtime?", ["redis-server"], []),
        new("Which setting points the knowledge base at my own documents?", ["KnowledgePath"], []),
        new("How do I write settings as environment variables?", [@"double underscores|__"], []),
        new("What happens when a setting has a bad value at start?", [@"stops the start|validated"], []),
        new("Can breaker thresholds change without a restart?", [@"reload"], []),
        new("How many virtual users does the load tool use by default?", [@"\b50\b"], []),
        new("How can I compare breakers on and off under the same load?", [@"--compare|compare"], []),
        new("How many results can one knowledge base query ask for?", [@"\b20\b"], []),
        new("How long can a knowledge base query be?", [@"2,000|2000"], [@"4,000|1,000"]),
        new("Does a bad request from the caller count as a breaker failure?", [@"does not count|not count|caller's mistake"], []),
        new("Why does the voice breaker wait 45 seconds?", [@"load|model|decoder"], []),
        new("Why does the redis breaker need 5 failures?", [@"several times|blip|frequent"], []),
        new("What is the longest a break can grow to with backoff?", [@"5 minutes"], []),
        new("What is the minimum number of calls before the error rate counts?", [@"\b10\b"], []),
        new("How fast is the fallback served while the RAG breaker is open?", [@"milliseconds"], []),
        new("What query tells me in Prometheus that the knowledge base breaker is open?", [@"== ?1"], []),
        new("What's the weather in Paris tomorrow?", [NoMatch], []),
        new("Recommend me a good pasta recipe", [NoMatch], []),
    ];
}
