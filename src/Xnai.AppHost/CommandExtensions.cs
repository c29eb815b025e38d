using Aspire.Hosting.ApplicationModel;
using Xnai.Contracts;

namespace Aspire.Hosting;

/// <summary>Dashboard commands for operators: chaos controls on rag/voice, breaker controls on chatapi.</summary>
internal static class CommandExtensions
{
    /// <summary>Header carrying the admin key on admin and chaos endpoints.</summary>
    public const string AdminKeyHeader = "X-Admin-Key";

    /// <summary>Adds "Inject failures (50 %)", "Add latency (2 s)", "Outage" and "Clear faults" to a service with chaos controls.</summary>
    public static IResourceBuilder<ProjectResource> WithXnaiChaosCommands(this IResourceBuilder<ProjectResource> builder, IResourceBuilder<ParameterResource> adminKey)
    {
        const string FaultsPath = "/api/admin/faults";
        return builder
            .WithAdminHttpCommand(FaultsPath, "Inject failures (50 %)", "inject-failures", HttpMethod.Post, """{"errorRate":0.5}""", adminKey)
            .WithAdminHttpCommand(FaultsPath, "Add latency (2 s)", "add-latency", HttpMethod.Post, """{"latencyMs":2000}""", adminKey)
            .WithAdminHttpCommand(FaultsPath, "Outage", "outage", HttpMethod.Post, """{"outage":true}""", adminKey)
            .WithAdminHttpCommand(FaultsPath, "Clear faults", "clear-faults", HttpMethod.Delete, null, adminKey);
    }

    /// <summary>Adds "Semantic: outage", "Semantic: slow (1 s)" and "Semantic: clear faults" for rag's semantic retrieval tier.</summary>
    public static IResourceBuilder<ProjectResource> WithXnaiSemanticChaosCommands(this IResourceBuilder<ProjectResource> builder, IResourceBuilder<ParameterResource> adminKey)
    {
        const string SemanticFaultsPath = "/api/admin/faults/semantic";
        return builder
            .WithAdminHttpCommand(SemanticFaultsPath, "Semantic: outage", "semantic-outage", HttpMethod.Post, """{"outage":true}""", adminKey)
            .WithAdminHttpCommand(SemanticFaultsPath, "Semantic: slow (1 s)", "semantic-latency", HttpMethod.Post, """{"latencyMs":1000}""", adminKey)
            .WithAdminHttpCommand(SemanticFaultsPath, "Semantic: clear faults", "semantic-clear-faults", HttpMethod.Delete, null, adminKey);
    }

    /// <summary>Adds isolate / reset / disable commands for each of chatapi's circuit breakers (one per <see cref="XnaiDependencies.All"/>).</summary>
    public static IResourceBuilder<ProjectResource> WithXnaiCircuitCommands(this IResourceBuilder<ProjectResource> builder, IResourceBuilder<ParameterResource> adminKey)
    {
        foreach (var circuit in XnaiDependencies.All.Select(d => d.Breaker))
        {
            foreach (var action in new[] { "isolate", "reset", "disable" })
            {
                builder.WithAdminHttpCommand(
                    $"/api/circuits/{circuit}/{action}",
                    $"{char.ToUpperInvariant(action[0])}{action[1..]} {circuit}",
                    $"{action}-{circuit}",
                    HttpMethod.Post,
                    body: null,
                    adminKey);
            }
        }

        return builder;
    }

    private static IResourceBuilder<ProjectResource> WithAdminHttpCommand(
        this IResourceBuilder<ProjectResource> builder,
        string path,
        string displayName,
        string commandName,
        HttpMethod method,
        string? body,
        IResourceBuilder<ParameterResource> adminKey) =>
        builder.WithHttpCommand(path, displayName, commandName: commandName, commandOptions: new HttpCommandOptions
        {
            Method = method,
            PrepareRequest = async context =>
            {
                var key = await adminKey.Resource.GetValueAsync(context.CancellationToken).ConfigureAwait(false);
                context.Request.Headers.Add(AdminKeyHeader, key);
                if (body is not null)
                {
                    context.Request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
                }
            },
        });
}
