namespace Xnai.ChatApi.Dependencies;

/// <summary>
/// What one call to a dependency came to: its <see cref="Value"/>, a <see cref="Fallback"/> in its place, or both when
/// the dependency answered with less than it has (rag without its semantic tier).
/// </summary>
public sealed record DependencyResult<T>(T? Value, Fallback? Fallback)
    where T : class
{
    /// <summary>The dependency answered in full.</summary>
    public DependencyResult(T value)
        : this(value, null)
    {
    }

    /// <summary>The dependency did not answer.</summary>
    public DependencyResult(Fallback fallback)
        : this(null, fallback)
    {
    }
}
