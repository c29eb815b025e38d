using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Xnai.Tests.Integration;

/// <summary>Starts the real distributed app (AppHost) for whole-app tests, every wait bounded.</summary>
public static class XnaiApp
{
    /// <summary>The admin key the tests configure for operator endpoints.</summary>
    public const string AdminKey = "xnai-test-admin-key-0123456789abcdef";

    /// <summary>Every resource of the app, by its lowercase name.</summary>
    public static readonly string[] Resources = ["cache", "rag", "voice", "chatapi"];

    /// <summary>Upper bound for starting the whole app (build of the model, four processes, health).</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    /// <summary>Upper bound for a single resource command or state change.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Builds and starts the app. <paramref name="configure"/> may add settings or environment per resource
    /// (e.g. shortened breaker durations) before it is built.
    /// </summary>
    public static async Task<DistributedApplication> StartAsync(
        Action<IDistributedApplicationTestingBuilder>? configure = null,
        IEnumerable<string>? extraArgs = null,
        CancellationToken cancellationToken = default)
    {
        var redisData = TestDirectories.Create("xnai-redis-");
        string[] args =
        [
            $"Xnai:Redis:DataPath={redisData}",
            $"Parameters:admin-key={AdminKey}",
            .. extraArgs ?? [],
        ];

        var builder = await DistributedApplicationTestingBuilder
            .CreateAsync<Projects.Xnai_AppHost>(args, (options, _) => options.DisableDashboard = true, cancellationToken)
            .WaitAsync(StartTimeout, cancellationToken);

        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Aspire.Hosting.Dcp", LogLevel.Error)
            .AddFilter("Xnai.AppHost.Resources", LogLevel.Warning));

        // The testing builder disables the dashboard but still points projects at an OTLP endpoint where nothing
        // listens; the exporters then stall shutdown past the orchestrator's stop grace and stops fail at random.
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(project).WithEnvironment(context =>
            {
                context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
                context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_PROTOCOL");
            });
        }

        configure?.Invoke(builder);

        var app = await builder.BuildAsync(cancellationToken).WaitAsync(StartTimeout, cancellationToken);
        try
        {
            await app.StartAsync(cancellationToken).WaitAsync(StartTimeout, cancellationToken);
            await Task.WhenAll(Resources.Select(name =>
                app.ResourceNotifications.WaitForResourceHealthyAsync(name, cancellationToken)))
                .WaitAsync(StartTimeout, cancellationToken);
            await WaitForSemanticTierAsync(app, cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    /// <summary>
    /// rag answers keyword-only (and chatapi reports <c>rag_semantic</c>) until its passage vectors are built. From a clean
    /// clone that is one encoding of the corpus, cached under src/Xnai.RagStub/.xnai for every later start; tests that
    /// expect an undegraded answer start once it is done.
    /// </summary>
    private static async Task WaitForSemanticTierAsync(DistributedApplication app, CancellationToken cancellationToken)
    {
        using var rag = app.CreateClient("rag");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        while (true)
        {
            using var response = await rag.GetAsync("/health", timeout.Token);
            var health = await response.Content.ReadFromJsonAsync<HealthReportBody>(ContractJson.Web, timeout.Token);
            if (health!.Checks.TryGetValue("semantic", out var semantic)
                && semantic.Data!["state"].GetString() != "warming")
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), timeout.Token);
        }
    }

    /// <summary>An HttpClient for a resource's http endpoint, with no resilience handler (it would hide what is tested).</summary>
    public static HttpClient CreateClient(this DistributedApplication app, string resourceName, string? adminKey = null)
    {
        var client = new HttpClient { BaseAddress = app.GetEndpoint(resourceName, "http"), Timeout = TimeSpan.FromSeconds(60) };
        if (adminKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Admin-Key", adminKey);
        }

        return client;
    }

    /// <summary>Stops a resource and waits until the orchestrator reports it stopped.</summary>
    public static async Task StopResourceAsync(this DistributedApplication app, string name, CancellationToken cancellationToken = default)
    {
        var result = await app.ResourceCommands.ExecuteCommandAsync(name, KnownResourceCommands.StopCommand, cancellationToken)
            .WaitAsync(CommandTimeout, cancellationToken);
        Assert.True(result.Success, $"stop {name}: {result.Message}");
        await app.ResourceNotifications.WaitForResourceAsync(name, KnownResourceStates.TerminalStates, cancellationToken)
            .WaitAsync(CommandTimeout, cancellationToken);
    }

    /// <summary>Starts a stopped resource and waits until it is healthy again.</summary>
    public static async Task StartResourceAsync(this DistributedApplication app, string name, CancellationToken cancellationToken = default)
    {
        var result = await app.ResourceCommands.ExecuteCommandAsync(name, KnownResourceCommands.StartCommand, cancellationToken)
            .WaitAsync(CommandTimeout, cancellationToken);
        Assert.True(result.Success, $"start {name}: {result.Message}");

        // The command returns before the orchestrator publishes the restart: until then the snapshot still says
        // Exited, and the health wait, which gives up on a stopped resource, would fail at once.
        await app.ResourceNotifications.WaitForResourceAsync(
                name, e => !KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), cancellationToken)
            .WaitAsync(CommandTimeout, cancellationToken);
        // A restart can publish a stale unavailable snapshot (seen once for redis-server after three resources were
        // stopped at once: "failed to start", then the new process answering LOADING and PING). Waiting through it is
        // still bounded: a resource that really does not come back fails the test at the timeout.
        await app.ResourceNotifications.WaitForResourceHealthyAsync(name, WaitBehavior.WaitOnResourceUnavailable, cancellationToken)
            .WaitAsync(CommandTimeout, cancellationToken);
    }
}
