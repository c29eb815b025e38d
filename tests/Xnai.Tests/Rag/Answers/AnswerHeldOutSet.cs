namespace Xnai.Tests.Rag.Answers;

/// <summary>
/// Held-out part of the answer set (issue 28): written with <see cref="AnswerDevSet"/>, committed before any
/// composition ran on it, evaluated once at the end.
/// </summary>
public static class AnswerHeldOutSet
{
    public static readonly AnswerCase[] Cases =
    [
        new("How many seconds does the Redis guard stay tripped?", [AnswerDevSet.S15], [AnswerDevSet.S30, AnswerDevSet.S45]),
        new("After the voice breaker trips, how long until it tries again?", [AnswerDevSet.S45], [AnswerDevSet.S15]),
        new("How many times must the document search fail in a row before it is cut off?", [@"\b3\b|three"], [@"\b5 consecutive|\b2 consecutive"]),
        new("After how many failed voice calls does the breaker trip?", [@"\b2\b|two"], [@"\b3 consecutive|\b5 consecutive"]),
        new("What error percentage trips a breaker?", [@"50 ?%"], []),
        new("What is the slow-call threshold by default?", [@"10 seconds|10 s\b"], []),
        new("Which header do I need to call the fault endpoints?", ["X-Admin-Key"], []),
        new("What code do I get if I flood the chat with requests?", [@"\b429\b"], []),
        new("Which voice does text-to-speech use by default?", ["kal16"], []),
        new("Which gauge value means half open?", [@"\b2\b"], []),
        new("What does value 4 of the breaker state mean?", ["disabled"], []),
        new("Which counter tells how many calls failed?", ["circuit_breaker_failures_total"], ["circuit_breaker_recoveries_total"]),
        new("Is chatapi reported unhealthy while Redis is down?", [@"degraded"], []),
        new("Which endpoint returns the stored turns of a session?", [@"/api/sessions"], []),
        new("What do I get for an unknown session id?", [@"\b404\b"], []),
        new("How do I see which faults are in force right now?", [@"GET /api/admin/faults"], []),
        new("What does the outage flag in the fault settings do?", [@"fails every call|every call"], []),
        new("Where do the unit tests of the alert rules live?", [@"alerts\.test\.yml"], []),
        new("How many probes are sent by default when half open?", [@"one probe|\b1\b"], []),
        new("How fast is speech decoded compared with the audio length?", [@"0\.2 to 0\.35"], []),
        new("Does /alive depend on other services?", [@"never|liveness"], []),
        new("After how long do old failures stop counting?", [@"5 minutes"], []),
        new("What happens to calls beyond the probes while half open?", [@"rejected"], []),
        new("Who is the president of France?", [AnswerDevSet.NoMatch], []),
    ];
}
