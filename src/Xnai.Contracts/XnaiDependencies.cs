namespace Xnai.Contracts;

/// <summary>
/// The one table of chatapi's dependencies. chatapi registers a breaker and a pipeline per row and reports each row in
/// <c>/health</c>; the AppHost names its resources and dashboard commands from it; the load tool drives the breakers by it.
/// </summary>
public static class XnaiDependencies
{
    /// <summary>The knowledge base: a hung RAG costs 2 s, not the default 30.</summary>
    public static readonly XnaiDependency Rag = new("rag", "rag_api", "rag_api", TimeSpan.FromSeconds(2), FailureClassifier.Http);

    /// <summary>Conversation memory (Redis): turns that cannot be written wait in memory and are written later.</summary>
    public static readonly XnaiDependency Cache = new("cache", "redis", "session_store", TimeSpan.FromSeconds(1), FailureClassifier.Redis);

    /// <summary>Speech to text and text to speech: decoding takes longer than retrieval.</summary>
    public static readonly XnaiDependency Voice = new("voice", "voice_processing", "voice_processing", TimeSpan.FromSeconds(15), FailureClassifier.Http);

    /// <summary>Every dependency, in the order <c>/health</c> lists them.</summary>
    public static readonly IReadOnlyList<XnaiDependency> All = [Rag, Cache, Voice];

    /// <summary>
    /// rag's own breaker around its semantic tier. While it is open rag answers keyword-only, and chatapi names it in
    /// <c>degradedServices</c>: rag still answered, so it is no chatapi dependency of its own.
    /// </summary>
    public const string RagSemantic = "rag_semantic";

    /// <summary>The Aspire resource of the chat itself.</summary>
    public const string ChatApi = "chatapi";
}
