using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Aspire.Hosting;

/// <summary>How the <c>cache</c> resource runs.</summary>
internal enum RedisMode
{
    /// <summary>Container where a container runtime answers, else a local redis-server process.</summary>
    Auto,
    Container,
    Process,
}

/// <summary>Adds Redis as a container or, with no healthy container runtime, as Debian's redis-server.</summary>
internal static class RedisResourceExtensions
{
    /// <summary>Configuration key choosing the mode: <c>auto</c> (default), <c>container</c> or <c>process</c>.</summary>
    public const string ModeKey = "Xnai:Redis:Mode";

    /// <summary>Configuration key for the process mode's data folder (append-only file); default <c>.xnai/redis</c> beside the AppHost.</summary>
    public const string DataPathKey = "Xnai:Redis:DataPath";

    /// <summary>Configuration key for Redis' memory ceiling (<c>maxmemory</c>, e.g. <c>256mb</c>); default <see cref="DefaultMaxMemory"/>.</summary>
    public const string MaxMemoryKey = "Xnai:Redis:MaxMemory";

    /// <summary>Memory ceiling when none is configured.</summary>
    public const string DefaultMaxMemory = "256mb";

    /// <summary>
    /// What Redis does at the ceiling: refuse writes (chatapi's redis breaker and pending buffer take over, the client is
    /// told its turn is not yet stored) rather than evict. Every conversation key has a TTL, so any volatile-* policy could
    /// silently drop a session mid-conversation; allkeys-* even more so.
    /// </summary>
    public const string EvictionPolicy = "noeviction";

    /// <summary>
    /// Adds the <c>cache</c> Redis resource. Publish mode always gets the container (that is what is deployed);
    /// run mode gets the container when a container runtime is healthy, else a local <c>redis-server</c>.
    /// Both keep data across a restart: a data volume with frequent snapshots, or an append-only file.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddXnaiRedis(this IDistributedApplicationBuilder builder, string name)
    {
        var mode = ParseMode(builder.Configuration[ModeKey]);
        var maxMemory = ParseMaxMemory(builder.Configuration[MaxMemoryKey]);
        if (builder.ExecutionContext.IsPublishMode
            || mode == RedisMode.Container
            || (mode == RedisMode.Auto && ContainerRuntimeIsHealthy(builder.Configuration)))
        {
            return builder.AddRedis(name)
                .WithDataVolume()
                .WithPersistence(interval: TimeSpan.FromSeconds(1), keysChangedThreshold: 1)
                .WithArgs(context =>
                {
                    // Aspire builds the redis-server command line either as separate arguments or as one `sh -c` string.
                    var command = context.Args.IndexOf("-c") + 1;
                    if (command > 0 && context.Args[command] is string line)
                    {
                        context.Args[command] = $"{line} --maxmemory {maxMemory} --maxmemory-policy {EvictionPolicy}";
                        return;
                    }

                    context.Args.Add("--maxmemory");
                    context.Args.Add(maxMemory);
                    context.Args.Add("--maxmemory-policy");
                    context.Args.Add(EvictionPolicy);
                });
        }

        var redisServer = FindOnPath("redis-server") ?? throw new DistributedApplicationException(
            "Redis is required but neither a container runtime (Docker or Podman) is running nor redis-server is installed: " +
            "run 'sudo apt-get install redis-server' (or ./run.sh, which installs it) or start a container engine.");

        var dataPath = Path.GetFullPath(builder.Configuration[DataPathKey] ?? Path.Combine(builder.AppHostDirectory, ".xnai", "redis"));
        Directory.CreateDirectory(dataPath);

        var resource = new RedisServerResource(name, redisServer, dataPath);
        var healthCheckKey = $"{name}_redis_ping";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey,
            _ => new RedisPingHealthCheck(resource),
            failureStatus: HealthStatus.Unhealthy,
            tags: null,
            timeout: TimeSpan.FromSeconds(5)));

        return builder.AddResource(resource)
            .WithEndpoint(RedisServerResource.PrimaryEndpointName, endpoint =>
            {
                endpoint.UriScheme = "tcp";
                endpoint.TargetHost = "127.0.0.1";
            })
            .WithArgs(context =>
            {
                context.Args.Add("--bind");
                context.Args.Add("127.0.0.1");
                context.Args.Add("--port");
                context.Args.Add(resource.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--dir");
                context.Args.Add(dataPath);
                // Append-only file: every write is in the file (the kernel's page cache) before Redis answers, so stopping
                // or even killing the process (the chaos phase) loses nothing; fsync once a second bounds what an OS
                // crash could lose. fsync on every write ("always") cost a 2.5 ms p99 and 60 ms spikes per write here.
                context.Args.Add("--appendonly");
                context.Args.Add("yes");
                context.Args.Add("--appendfsync");
                context.Args.Add("everysec");
                context.Args.Add("--protected-mode");
                context.Args.Add("yes");
                context.Args.Add("--daemonize");
                context.Args.Add("no");
                context.Args.Add("--maxmemory");
                context.Args.Add(maxMemory);
                context.Args.Add("--maxmemory-policy");
                context.Args.Add(EvictionPolicy);
            })
            .WithHealthCheck(healthCheckKey);
    }

    private static RedisMode ParseMode(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => RedisMode.Auto,
        "container" => RedisMode.Container,
        "process" => RedisMode.Process,
        _ => throw new DistributedApplicationException($"{ModeKey} must be 'auto', 'container' or 'process', not '{value}'."),
    };

    private static string ParseMaxMemory(string? value)
    {
        var trimmed = string.IsNullOrWhiteSpace(value) ? DefaultMaxMemory : value.Trim().ToLowerInvariant();
        return System.Text.RegularExpressions.Regex.IsMatch(trimmed, @"\A[1-9][0-9]{0,12}(kb|mb|gb)?\z")
            ? trimmed
            : throw new DistributedApplicationException($"{MaxMemoryKey} must be a size such as '256mb' or '1gb', not '{value}'.");
    }

    /// <summary>Asks the container CLI whether its engine answers (`docker info` fails fast with no daemon).</summary>
    private static bool ContainerRuntimeIsHealthy(IConfiguration configuration)
    {
        var runtime = configuration["ASPIRE_CONTAINER_RUNTIME"] ?? configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"] ?? "docker";
        if (FindOnPath(runtime) is not { } cli)
        {
            return false;
        }

        try
        {
            using var process = Process.Start(new ProcessStartInfo(cli, ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return false;
            }

            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return false;
        }
    }

    private static string? FindOnPath(string command)
    {
        if (Path.IsPathRooted(command))
        {
            return File.Exists(command) ? command : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var candidates = path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin").Append("/usr/sbin").Append("/usr/local/bin");
        return candidates.Select(dir => Path.Combine(dir, command)).FirstOrDefault(File.Exists);
    }

    /// <summary>Healthy when the process-mode Redis answers PING on its connection string.</summary>
    private sealed class RedisPingHealthCheck(RedisServerResource resource) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var connectionString = await ((IResourceWithConnectionString)resource).GetConnectionStringAsync(cancellationToken).ConfigureAwait(false);
                var options = ConfigurationOptions.Parse(connectionString!);
                options.AbortOnConnectFail = true;
                options.ConnectTimeout = 2000;
                options.ConnectRetry = 0;
                await using var connection = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
                await connection.GetDatabase().PingAsync().ConfigureAwait(false);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or InvalidOperationException)
            {
                // Expected while cache is stopped: one line in the log, not a stack trace every few seconds.
                return HealthCheckResult.Unhealthy($"redis-server does not answer PING ({ex.GetType().Name}: {ex.Message})");
            }
        }
    }
}
