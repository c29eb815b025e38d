namespace Xnai.ChatApi.Dependencies;

/// <summary>How the fallbacks of one answer appear on the wire.</summary>
public static class FallbackListExtensions
{
    /// <summary><c>degradedServices</c>: each service once, in the order its first fallback happened.</summary>
    public static IReadOnlyList<string> Services(this IEnumerable<Fallback> fallbacks) => [.. fallbacks.Select(f => f.Service).Distinct()];

    /// <summary><c>retryAfterSeconds</c>: the latest of the fallbacks' next tries, null when every part is tried with the next message.</summary>
    public static int? RetryAfterSeconds(this IEnumerable<Fallback> fallbacks) =>
        fallbacks.Select(f => f.RetryAfterSeconds).DefaultIfEmpty(0).Max() is var seconds and > 0 ? seconds : null;

    /// <summary>Adds <paramref name="fallback"/> when there is one.</summary>
    public static void AddIfAny(this ICollection<Fallback> fallbacks, Fallback? fallback)
    {
        if (fallback is not null)
        {
            fallbacks.Add(fallback);
        }
    }
}
