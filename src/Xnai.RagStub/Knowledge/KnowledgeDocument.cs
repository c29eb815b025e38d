namespace Xnai.RagStub.Knowledge;

/// <summary>One file of the knowledge base, cut into passages.</summary>
/// <param name="Id">File name relative to the knowledge folder, e.g. <c>breaker-rag-api.md</c>.</param>
/// <param name="Title">First heading, or a title made from the file name.</param>
/// <param name="Passages">The document's passages in reading order.</param>
public sealed record KnowledgeDocument(string Id, string Title, IReadOnlyList<Passage> Passages);

/// <summary>A retrievable piece of a document: a heading's section or a group of its paragraphs.</summary>
/// <param name="DocumentId">Id of the owning document.</param>
/// <param name="DocumentTitle">Title of the owning document.</param>
/// <param name="Section">Heading the passage sits under; empty for text before the first subheading.</param>
/// <param name="Text">Plain text, Markdown markup removed, each list item a sentence.</param>
public sealed record Passage(string DocumentId, string DocumentTitle, string Section, string Text);
