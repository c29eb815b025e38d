namespace Xnai.Contracts;

/// <summary>What the knowledge base (rag) accepts, declared once: rag validates against it, chatapi fits its queries to it.</summary>
public static class KnowledgeQueryLimits
{
    /// <summary>Longest accepted query, in UTF-16 characters.</summary>
    public const int MaxQueryLength = 2000;
}
