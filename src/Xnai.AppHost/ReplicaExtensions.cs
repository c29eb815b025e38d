using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Publishing;
using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting;

/// <summary>How many replicas of a project run (locally behind Aspire's proxy; in the manifest, for the deployment tool).</summary>
internal static class ReplicaExtensions
{
    /// <summary>Setting that holds chatapi's replica count.</summary>
    public const string ChatApiReplicasKey = "Xnai:ChatApi:Replicas";

    /// <summary>
    /// Runs <see cref="ChatApiReplicasKey"/> replicas (default 1, at most 16). Locally each replica gets its own port behind
    /// the resource's proxy, which balances requests between them; the manifest carries the count as <c>replicas</c>.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithXnaiReplicas(this IResourceBuilder<ProjectResource> builder, IConfiguration configuration)
    {
        var text = configuration[ChatApiReplicasKey];
        if (string.IsNullOrWhiteSpace(text))
        {
            return builder;
        }

        if (!int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var replicas) || replicas is < 1 or > 16)
        {
            throw new InvalidOperationException($"{ChatApiReplicasKey} must be a whole number from 1 to 16, not '{text}'.");
        }

        builder.WithReplicas(replicas);
        return replicas == 1 ? builder : builder.WithManifestPublishingCallback(context => WriteProjectWithReplicasAsync(context, builder.Resource, replicas));
    }

    // Aspire's manifest writer leaves the replica count out; this writes the project as it does (project.v0: path,
    // arguments, environment, bindings) plus "replicas", for a deployment tool or a person to read.
    private static async Task WriteProjectWithReplicasAsync(ManifestPublishingContext context, ProjectResource project, int replicas)
    {
        context.Writer.WriteString("type", "project.v0");
        context.Writer.WriteString("path", context.GetManifestRelativePath(project.GetProjectMetadata().ProjectPath));
        context.Writer.WriteNumber("replicas", replicas);
        await context.WriteCommandLineArgumentsAsync(project).ConfigureAwait(false);
        await context.WriteEnvironmentVariablesAsync(project).ConfigureAwait(false);
        context.WriteBindings(project);
    }
}
