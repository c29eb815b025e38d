namespace Xnai.Tests.Rag.Answers;

/// <summary>
/// Fourth held-out part of the answer set (issue 28): everyday questions written blind from the shipped documents by a
/// different author than the tuner, after the first three held-out parts were spent, about one question per document,
/// committed before any composition ran on it, evaluated once at the end (XNAI_ANSWERS_HELDOUT4=1). Follow-ups are
/// written as chatapi sends them: the new message first, then the previous user turn (<c>ChatService</c>).
/// </summary>
public static class AnswerHeldOutSet4
{
    public static readonly AnswerCase[] Cases =
    [
        new("Do I have to type the admin key myself when I use the dashboard buttons?", [@"without typing it|passes it to every service"], []),
        new("Is there an alert for a breaker that stays open and never comes back?", [@"open too long|stayed open longer"], []),
        new("When I talk to voice chat, what happens to my recording, step by step?", [@"transcri|speech-to-text", @"spoken|text-to-speech"], []),
        new("My answer came back marked degraded; how can I tell which service was down?", [@"degradedServices"], []),
        new("Why does the health check still return 200 when part of the app is broken?", [@"not restart|still answering|still serves"], []),
        new("What is saved for each message in a conversation?", [@"\brole\b|user or assistant"], []),
        new("If the knowledge base process crashes, how quickly does it get started again?", [@"within seconds"], []),
        new("Why do Redis commands give up so quickly?", [@"stalled connection|fails? fast|blocking chat"], []),
        new("Which calls does the voice breaker watch over?", [@"text-to-speech|text into speech", @"speech-to-text|speech into text"], []),
        new("When I press the dashboard button that slows the knowledge base down, how much delay does it add?", [@"\b2 ?s\b|2 seconds|\b2000\b"], []),
        new("Why does every dependency get its own breaker instead of sharing one?", [@"trip the Redis or voice|never trips the breaker of another|never shares"], []),
        new("If I change a breaker setting while the app is running, does the breaker forget its current state?", [@"without losing"], []),
        new("Do I need an HTTPS certificate to run the app on my laptop?", [@"no developer certificate"], []),
        new("Does Redis run in Docker by default or as a normal program?", [@"container runtime.{0,20}healthy"], []),
        new("How can I watch the error-rate rule trip for myself?", [@"60 ?%|0\.6"], []),
        new("Does the chat send back an error code when the knowledge base can't be reached?", [@"\b200\b"], []),
        new("Will the bot remember what we said earlier if Redis goes down?", [@"without (the )?conversation history|no conversation history"], []),
        new("How do I get Prometheus running on my own machine for the Grafana panels?", [@"prometheus.? package|loopback"], []),
        new("If I don't say how many results I want, how many does the knowledge base send back?", [@"default 3"], []),
        new("Can I aim the load tool at a server on another machine?", [@"loopback|flag allows"], []),
        new("How do I chart each service's failure rate in Prometheus?", [@"circuit_breaker_failures_total"], []),
        new("After I'm told I'm sending too many messages, how many times should my app try again?", [@"\bonce\b"], []),
        new("Why would I force a breaker that keeps flapping to stay open?", [@"consistently|alternating"], []),
        new("After restarting the knowledge base, do I have to do anything in chatapi to get things back to normal?", [@"no action|closes by itself"], []),
        new("Once Redis is back, how do I check that my conversation didn't lose anything?", [@"/api/sessions"], []),
        new("What does it mean if I ever get a 500 error?", [@"\bbug\b"], []),
        new("How do I switch on the slow-call check for the knowledge base?", [@"SlowCallRatio"], []),
        new("Can I upload a stereo recording made at 44.1 kHz?", [@"any common sample rate|converted"], []),
        new("How many audio channels does the spoken answer have?", [@"mono|one channel"], []),
        new("My recording is too long to upload, what should I do?", [@"\bsplit\b|shorter"], []),
        new("and the rag one? Which setting changes how many failures in a row open the voice breaker?", [@"rag_api:ConsecutiveFailures|Xnai:Breakers:rag_api"], [@"voice_processing:|Breakers:redis"]),
        new("what about redis? What do users get while the voice breaker is open?", [@"conversation history|session_store"], [@"as text|Voice replies"]),
        new("and the voice one? How do I bring Redis back after an outage?", [@"restart the .?voice|decoders load"], [@"redis-server|\bcache\b"]),
        new("How many players are on a football team?", [AnswerDevSet.NoMatch], []),
        new("What temperature should I roast a chicken at?", [AnswerDevSet.NoMatch], []),
        new("Who wrote Pride and Prejudice?", [AnswerDevSet.NoMatch], []),
    ];
}
