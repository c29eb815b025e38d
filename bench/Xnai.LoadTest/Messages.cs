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

    // The distinct set: question shapes x the product's subjects x ways of opening a question. Not every combination is
    // a sensible question ("how many failures open the alert?"), which is what users send too; every one is a
    // different text, so the encoder cannot be spared by a cache of repeated questions.
    private static readonly string[] Shapes =
    [
        "how does the {0} work",
        "what happens to the {0} when the knowledge base is down",
        "how many failures open the {0}",
        "how long does the {0} stay open",
        "what does the {0} do during an outage",
        "which metric shows the {0}",
        "how do I configure the {0}",
        "what is the default setting of the {0}",
        "why would the {0} reject a request",
        "how do I check the {0} on the dashboard",
        "what should I do when the {0} fails",
        "how is the {0} tested",
        "can I turn off the {0}",
        "where is the {0} documented",
        "what does the {0} report in health",
        "how does the {0} recover",
        "what does the {0} log",
        "is the {0} shared between replicas",
        "how fast is the {0}",
        "what limits apply to the {0}",
    ];

    private static readonly string[] Subjects =
    [
        "rag breaker", "redis breaker", "voice breaker", "circuit breaker", "half-open probe", "error rate rule",
        "slow call rule", "session store", "pending turn buffer", "knowledge base", "semantic tier", "keyword search",
        "fallback message", "voice chat", "speech recognition", "text to speech", "admin key", "rate limiter",
        "grafana dashboard", "prometheus scrape", "health endpoint", "chaos faults", "load tool", "app host",
        "manifest export", "redis container", "alert rules", "circuit stream", "replica cluster", "upload limit",
    ];

    private static readonly string[] Openings = ["", "please tell me ", "quick question: ", "I wonder "];

    /// <summary>Questions in the distinct set (shapes x subjects x openings).</summary>
    public static int DistinctCount => Shapes.Length * Subjects.Length * Openings.Length;

    /// <summary>
    /// The <paramref name="index"/>-th question of the distinct set (modulo its size). Consecutive indices differ in
    /// subject first, then shape, then opening.
    /// </summary>
    public static string DistinctQuestion(int index)
    {
        var i = (int)((uint)index % (uint)DistinctCount);
        var subject = Subjects[i % Subjects.Length];
        var shape = Shapes[i / Subjects.Length % Shapes.Length];
        var opening = Openings[i / (Subjects.Length * Shapes.Length)];
        return opening + string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, subject) + "?";
    }

    /// <summary>
    /// User <paramref name="user"/>'s <paramref name="n"/>-th message from the distinct set: user u sends questions
    /// u, u + users, u + 2·users, ..., so no question repeats until the whole set (2,400) has been sent.
    /// </summary>
    public static Func<int, int, string> Distinct(int users) => (user, n) => DistinctQuestion(user + n * users);
}
