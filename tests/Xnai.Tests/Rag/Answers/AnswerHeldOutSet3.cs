namespace Xnai.Tests.Rag.Answers;

/// <summary>
/// Third held-out part of the answer set (issue 28): everyday questions written from the shipped documents after the
/// first two held-out parts were spent (they are tuning and validation data now), about one question per document,
/// committed before any composition ran on it, evaluated once at the end (XNAI_ANSWERS_HELDOUT3=1). Follow-ups are
/// written as chatapi sends them: the new message first, then the previous user turn (<c>ChatService</c>).
/// </summary>
public static class AnswerHeldOutSet3
{
    public static readonly AnswerCase[] Cases =
    [
        new("Where do the services get the admin key from?", [@"Xnai:AdminKey"], []),
        new("Which tool checks the alert rules in CI?", ["promtool"], []),
        new("How is the spoken answer sent back from voice chat?", [@"base64|URL"], []),
        new("What happens if I send a chat message without a session id?", [@"new session"], []),
        new("How can I watch breaker changes as they happen?", [@"Server-Sent Events|\bSSE\b|stream"], []),
        new("What HTTP code does health give when the app cannot serve at all?", [@"\b503\b"], [@"HTTP 200"]),
        new("In what order do the turns of a session come back?", [@"oldest first"], []),
        new("How long does a single call to the knowledge base wait before it times out?", [@"few seconds"], [AnswerDevSet.S15, AnswerDevSet.S45]),
        new("Why does the Redis breaker allow more failures than the knowledge base one?", [@"several times per chat|more frequent|blip"], []),
        new("Why does the voice breaker stay open longer than the others?", [@"load (its )?(speech models|decoders)|models at start"], []),
        new("Do injected faults ever end on their own?", [@"durationSeconds|by themselves|until cleared"], []),
        new("What puts the count of failures in a row back to zero?", [@"success"], []),
        new("Can I give settings on the command line?", [@"command-line|command line"], []),
        new("How do I start the whole app on my computer?", [@"dotnet run --project src/Xnai\.AppHost"], [@"publisher manifest"]),
        new("Which tool can turn the manifest into cloud resources?", [@"\bazd\b|Azure Developer CLI"], []),
        new("What does the app tell me when there is no Docker and no redis-server?", [@"apt-get install redis-server"], []),
        new("Why do breakers need a rule besides failures in a row?", [@"every other call|partial failure|resets the consecutive"], []),
        new("Which setting changes how long the error-rate window is?", ["SamplingDuration"], []),
        new("Does the fallback answer list any sources?", [@"empty|no source"], []),
        new("What stops the buffer of unsaved turns from eating all the memory?", [@"fixed capacity|bounded"], []),
        new("What does the recovery times panel in Grafana show?", [@"histogram"], []),
        new("What does retry_after_seconds tell me?", [@"half-opens|half opens"], []),
        new("How do I make a breaker that keeps tripping wait longer each time?", ["BreakDurationMultiplier"], []),
        new("What library does the knowledge base use to index passages?", ["Lucene"], []),
        new("How do I get the load tool's results as JSON?", [@"--json"], []),
        new("Where does Prometheus read the breaker state from?", [@"/metrics"], []),
        new("What does it mean when there are many rejections but few failures?", [@"doing its job"], []),
        new("Do health checks show up in traces?", [@"filtered out"], []),
        new("What four pieces make up Xnai?", ["chatapi", @"\brag\b", @"\bvoice\b", @"\bcache\b|Redis"], []),
        new("Why are extra chat requests turned away instead of waiting in a queue?", [@"wait longer|exhaust memory"], []),
        new("What should I check first when everything is down at once?", [@"common cause"], []),
        new("How do I find out which errors push the error rate up?", [@"last_failure|logs"], []),
        new("How long does the knowledge base take to rebuild its index after a restart?", [@"about a second"], [AnswerDevSet.S30]),
        new("How can I tell how many turns were lost in a long Redis outage?", [@"overflow"], []),
        new("How do I install the missing voice packages?", [@"apt-get install flite"], []),
        new("Could a message I want spoken run commands on the server?", [@"shell|argument"], []),
        new("Does a slow call count against the service even when it succeeds?", [@"even if it succeeds|counts as slow"], []),
        new("Why isn't pocketsphinx started as a program for every request?", [@"reload the model|0\.5 to 0\.7"], []),
        new("Does speaking the answers need an internet connection?", [@"no internet|offline"], []),
        new("My transcript came back empty, what should I try?", [@"speak clearly|microphone|clipped|silent"], []),
        new("and the voice one? How many failures in a row before the Redis breaker opens?", [@"\b2\b|two"], [@"\b5 consecutive|\b3 consecutive"]),
        new("what about the redis one? Which setting overrides the voice breaker's thresholds?", [@"Xnai:Breakers:redis"], [@"voice_processing"]),
        new("and for rag? Why does the voice breaker stay open 45 seconds?", [@"restart|rebuilds|probing more often"], [AnswerDevSet.S45]),
        new("What's a good name for a cat?", [AnswerDevSet.NoMatch], []),
        new("How tall is Mount Everest?", [AnswerDevSet.NoMatch], []),
    ];
}
