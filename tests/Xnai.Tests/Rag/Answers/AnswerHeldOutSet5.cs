namespace Xnai.Tests.Rag.Answers;

/// <summary>
/// Fifth held-out part of the answer set (issue 28): everyday questions written blind from the shipped documents by a
/// different author than the tuner, after the first four held-out parts were spent, about one question per document,
/// committed before any composition ran on it, evaluated once at the end (XNAI_ANSWERS_HELDOUT5=1). Follow-ups are
/// written as chatapi sends them: the new message first, then the previous user turn (<c>ChatService</c>).
/// </summary>
public static class AnswerHeldOutSet5
{
    public static readonly AnswerCase[] Cases =
    [
        new("Which parts of the app can only be used with the admin key?", [@"admin/faults|chaos controls", @"circuits|isolate|breaker actions"], []),
        new("When I talk to voice chat, does it tell me what it understood me to say?", [@"\btranscript\b"], []),
        new("How can I see which documents a chat answer was based on?", [@"\bsources\b|passages the answer came from"], []),
        new("Where can I look up the last few times the breakers changed state?", [@"circuits/events|recent transitions"], []),
        new("What do I get back if my session id is badly formed?", [@"\b400\b"], []),
        new("At most how many users end up waiting for a timeout before everyone gets the quick knowledge base fallback?", [@"three users|\b3 users|at most three"], []),
        new("How long does Redis take to restart?", [@"under a second"], []),
        new("What's the setting for how long the voice breaker stays open?", [@"voice_processing:BreakDuration"], [@"rag_api:BreakDuration|redis:BreakDuration"]),
        new("Which metric counts the faults I've injected?", [@"xnai\.faults\.injected"], []),
        new("What is a circuit breaker actually good for?", [@"fast fallback|time to recover|waiting for timeouts"], []),
        new("What happens if the speech program isn't installed?", [@"names the package|package to install|message names it|package is missing"], []),
        new("Why doesn't the chat service wait for the knowledge base and voice to be up before it starts?", [@"even when rag or voice|degrading gracefully|degrade gracefully"], []),
        new("Apart from Redis, how many services end up in the exported deployment manifest?", [@"three projects|\b3 projects|rag.{0,20}voice.{0,20}chatapi"], []),
        new("How does the app check that a locally started redis-server is healthy?", [@"\bPING\b"], []),
        new("Why doesn't the error-rate check kick in after just one or two calls?", [@"says nothing|enough calls|minimum number of calls"], []),
        new("Does the 'knowledge base unavailable' message always use the same wording?", [@"are fixed|rely on them|always says three things"], []),
        new("Which field of the health check tells me Redis can't be reached?", [@"session_store"], []),
        new("When a breaker's recovery time is recorded, when does the clock start?", [@"first trip|from the trip"], []),
        new("Does the knowledge base need an AI model or a vector database to work?", [@"no external model|no .{0,20}vector database"], []),
        new("Do all the services expose metrics for Prometheus, or only the chat service?", [@"on every service"], []),
        new("Could the numbers for the breaker states get changed in a later version and break my dashboards?", [@"never renumbered|codes are stable"], []),
        new("Is there a counter for how many times a breaker has opened?", [@"\btrips\b"], []),
        new("Which environment variable makes the services send their telemetry to the Aspire dashboard?", [@"OTEL_EXPORTER_OTLP_ENDPOINT"], []),
        new("How many circuit breakers are there, and what are they called?", [@"rag_api", @"\bredis\b", @"voice_processing"], []),
        new("When I run a load test, should I count the 'too many requests' replies as errors?", [@"separately"], []),
        new("After everything was down, in what order do the breakers come back?", [@"\bredis\b", AnswerDevSet.S15, AnswerDevSet.S30, AnswerDevSet.S45], []),
        new("What usually makes a breaker keep tripping over and over?", [@"part of its requests|overloaded|chaos faults|left active"], []),
        new("How do I make the high error rate alert go away?", [@"roll back|fix the dependency|age out"], []),
        new("Can odd symbols in my question break the knowledge base search?", [@"\bsafe\b|search terms|query syntax"], []),
        new("Why would a breaker care about a service that is slow but still working?", [@"hurt users|very slow"], []),
        new("and the knowledge base one? Why does the redis breaker need 5 failures before it opens?", [@"once per chat message|three failures|clear signal"], [@"several times per chat message|network blip"]),
        new("what about voice? What do users see while the knowledge base breaker is open?", [@"degrades to text|as text|falls back to text"], [@"unable to access my knowledge base"]),
        new("and redis? What kind of failures count toward the knowledge base breaker?", [@"Redis commands"], [@"5xx responses"]),
        new("What's the capital of Australia?", [AnswerDevSet.NoMatch], []),
        new("How long should I boil an egg for?", [AnswerDevSet.NoMatch], []),
        new("What's the best time of year to visit Japan?", [AnswerDevSet.NoMatch], []),
    ];
}
