using Microsoft.Extensions.Options;
using OpenTelemetry.Resources;

namespace Xnai.ChatApi.Cluster;

/// <summary>Registers what lets several chatapi replicas share manual breaker states and show one cluster view.</summary>
internal static class ClusterServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddChatCluster(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<IValidateOptions<ClusterOptions>, ClusterOptionsAnnotations>();
        services.AddOptions<ClusterOptions>().BindConfiguration(ClusterOptions.SectionName)
            .Validate(o => o.SnapshotTimeToLive > o.PublishInterval, $"{ClusterOptions.SectionName}:SnapshotTimeToLive must be longer than {ClusterOptions.SectionName}:PublishInterval.")
            .ValidateOnStart();

        var replica = ReplicaIdentity.From(builder.Configuration);
        services.AddSingleton(replica);
        if (!replica.FromEnvironment)
        {
            // Outside Aspire nothing names the instance: give OpenTelemetry the id the cluster view uses.
            services.AddOpenTelemetry().ConfigureResource(resource => resource.AddAttributes([new(ReplicaIdentity.AttributeName, replica.Id)]));
        }

        services.AddSingleton<ClusterBreakerControl>();
        services.AddSingleton<ClusterViewReader>();
        services.AddSingleton<ClusterSnapshotPublisher>();
        services.AddHostedService<ClusterBreakerSync>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterSnapshotPublisher>());
        return builder;
    }
}
