using Xnai.Contracts;

namespace Xnai.ChatApi.Dependencies;

/// <summary>
/// A part of an answer a dependency could not give, made where the call failed. <see cref="Service"/> is the name in
/// <c>degradedServices</c>; <see cref="RetryAfter"/> is when the dependency's breaker lets a call through again, null when
/// the next message tries it (the breaker is closed, half-open or isolated) or when there is nothing for the user to retry.
/// </summary>
public sealed record Fallback(string Service, TimeSpan? RetryAfter)
{
    /// <summary>rag answered with keyword search alone because its own semantic tier was unavailable.</summary>
    public static readonly Fallback KeywordOnlyRetrieval = new(XnaiDependencies.RagSemantic, null);

    /// <summary>A fallback for <paramref name="dependency"/>.</summary>
    public static Fallback Of(XnaiDependency dependency, TimeSpan? retryAfter) => new(dependency.Wire, retryAfter);

    /// <summary>Whole seconds until the next try, rounded up; 0 when the next message tries.</summary>
    public int RetryAfterSeconds => RetryAfter is { } after && after > TimeSpan.Zero ? (int)Math.Ceiling(after.TotalSeconds) : 0;
}
