namespace Xnai.Tests.Integration;

/// <summary>
/// How <c>cache</c> is modelled in each mode, read from the app model without starting it (no container engine here):
/// the container with a data volume where a runtime is chosen, Debian's redis-server with an
/// append-only file otherwise, and a clear sentence for a bad setting.
/// </summary>
[Trait("Category", "WholeApp")]
public sealed class RedisModeTests
{
    private static async Task<IResource> CacheAsync(params string[] args)
    {
        var builder = await DistributedApplicationTestingBuilder
            .CreateAsync<Projects.Xnai_AppHost>([$"Parameters:admin-key={XnaiApp.AdminKey}", .. args], (options, _) => options.DisableDashboard = true)
            .WaitAsync(TimeSpan.FromMinutes(1));
        return builder.Resources.Single(r => r.Name == "cache");
    }

    [Fact]
    public async Task ContainerMode_IsTheRedisContainer_WithADataVolume()
    {
        var cache = await CacheAsync("Xnai:Redis:Mode=container");
        Assert.IsType<RedisResource>(cache);
        Assert.Contains(cache.Annotations.OfType<ContainerMountAnnotation>(), m => m.Type == ContainerMountType.Volume && m.Target == "/data");
    }

    [Fact]
    public async Task ProcessMode_IsRedisServer_BoundToLoopback_WithAnAppendOnlyFile()
    {
        var data = TestDirectories.Create("xnai-redis-mode-");
        var cache = await CacheAsync("Xnai:Redis:Mode=process", $"Xnai:Redis:DataPath={data}");
        var server = Assert.IsType<RedisServerResource>(cache);
        Assert.EndsWith("redis-server", server.Command);
        Assert.Equal(data, server.WorkingDirectory);

        var args = await ArgumentsAsync(server);
        Assert.Equal("127.0.0.1", args[args.IndexOf("--bind") + 1]);
        Assert.Equal("yes", args[args.IndexOf("--appendonly") + 1]);
        Assert.Equal("everysec", args[args.IndexOf("--appendfsync") + 1]);
        Assert.Equal(data, args[args.IndexOf("--dir") + 1]);
        Assert.Contains(server.Annotations.OfType<HealthCheckAnnotation>(), h => h.Key.Contains("ping", StringComparison.Ordinal));
        Assert.Equal("256mb", args[args.IndexOf("--maxmemory") + 1]);
        Assert.Equal("noeviction", args[args.IndexOf("--maxmemory-policy") + 1]);
    }

    [Fact]
    public async Task ContainerMode_RunsWithTheMemoryCeiling_AndNoEviction()
    {
        var cache = await CacheAsync("Xnai:Redis:Mode=container", "Xnai:Redis:MaxMemory=1gb");

        var command = string.Join(' ', await ArgumentsAsync(cache));

        Assert.StartsWith("redis-server", command, StringComparison.Ordinal);
        Assert.EndsWith("--maxmemory 1gb --maxmemory-policy noeviction", command, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadMaxMemory_FailsWithOneClearSentence()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => CacheAsync("Xnai:Redis:Mode=process", "Xnai:Redis:MaxMemory=lots"));
        Assert.Contains("Xnai:Redis:MaxMemory must be a size such as '256mb' or '1gb', not 'lots'.", error.ToString());
    }

    [Fact]
    public async Task BadMode_FailsWithOneClearSentence()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => CacheAsync("Xnai:Redis:Mode=kubernetes"));
        Assert.Contains("Xnai:Redis:Mode must be 'auto', 'container' or 'process', not 'kubernetes'.", error.ToString());
    }

    private static async Task<List<string>> ArgumentsAsync(IResource resource)
    {
        var context = new CommandLineArgsCallbackContext([], resource);
        foreach (var callback in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return [.. context.Args.Select(a => a as string ?? "<endpoint>")];
    }
}
