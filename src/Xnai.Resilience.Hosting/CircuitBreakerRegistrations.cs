namespace Xnai.Resilience.Hosting;

/// <summary>Names declared at registration and the configuration section each is bound from.</summary>
internal sealed class CircuitBreakerRegistrations
{
    private readonly Dictionary<string, string> _paths = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Names
    {
        get
        {
            lock (_paths)
            {
                return [.. _paths.Keys];
            }
        }
    }

    public bool TryAdd(string name, string sectionPath)
    {
        lock (_paths)
        {
            return _paths.TryAdd(name, sectionPath);
        }
    }

    public string SectionPathOf(string name)
    {
        lock (_paths)
        {
            return _paths.TryGetValue(name, out var path) ? path : $"{CircuitBreakerServiceCollectionExtensions.SectionName}:{name}";
        }
    }
}
