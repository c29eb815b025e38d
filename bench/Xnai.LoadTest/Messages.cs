namespace Xnai.LoadTest;

/// <summary>The default messages: questions a user of the product would ask, answered from the knowledge base.</summary>
public static class Messages
{
    private static readonly string[] Questions =
    [
        "What happens when the knowledge base is down?",
        "How does the circuit breaker for the RAG API work?",
        "How many failures open the redis breaker?",
        "What does a half-open probe do?",
        "How do I inject faults into the knowledge base service?",
        "Which metrics show the circuit breaker state?",
        "What should I do when the error rate alert fires?",
        "How is the session history kept when Redis is unavailable?",
        "What audio format does voice chat accept?",
        "How do I deploy the app host?",
        "What does the slow call rule measure?",
        "How does rate limiting protect the chat?",
        "Where do I find the admin key?",
        "What does the Grafana dashboard show?",
        "How do I reset a circuit breaker?",
        "What happens when voice processing is down?",
    ];

    /// <summary>User <paramref name="user"/>'s <paramref name="n"/>-th message; users start at different questions.</summary>
    public static string Default(int user, int n) => Questions[(user + n) % Questions.Length];
}
