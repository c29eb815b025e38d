namespace Xnai.Contracts;

/// <summary>One dependency of chatapi, with every name it goes by.</summary>
/// <param name="Resource">
/// The Aspire resource: service discovery host (<c>https+http://rag</c>), connection string name (<c>cache</c>), dashboard row,
/// and the name in <c>/api/diagnostics/dependencies</c>.
/// </param>
/// <param name="Breaker">
/// chatapi's circuit breaker: options under <c>Xnai:Breakers:&lt;name&gt;</c>, <c>/api/circuits/&lt;name&gt;</c>, the dashboard's
/// breaker commands, the <c>service</c> metric tag and the resilience pipeline's name.
/// </param>
/// <param name="Wire">The name in a chat answer's <c>degradedServices</c> and in <c>/health</c>'s <c>services</c>.</param>
/// <param name="Timeout">Default timeout of one call (chatapi's <c>Xnai:Chat:&lt;Rag|Redis|Voice&gt;Timeout</c> overrides it).</param>
/// <param name="Classifier">Which outcomes count as failures, and how the dependency is probed.</param>
public sealed record XnaiDependency(string Resource, string Breaker, string Wire, TimeSpan Timeout, FailureClassifier Classifier)
{
    /// <inheritdoc />
    public override string ToString() => Resource;
}
