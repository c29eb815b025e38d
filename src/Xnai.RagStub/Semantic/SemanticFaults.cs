namespace Xnai.RagStub.Semantic;

/// <summary>The semantic tier's own chaos target: faults there hit query encoding only, not the whole query.</summary>
public static class SemanticFaults
{
    /// <summary>Target name: its controls are at <c>/api/admin/faults/semantic</c>; also the keyed <c>FaultControl</c>'s key.</summary>
    public const string Target = "semantic";
}
