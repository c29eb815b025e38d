using Microsoft.Extensions.Options;
using Xnai.RagStub.Knowledge;

namespace Xnai.RagStub.Search;

/// <summary>Builds the index while the host starts, so a bad knowledge folder stops the start, not the first query.</summary>
internal sealed partial class KnowledgeIndexWarmup(
    IServiceProvider services, IOptions<KnowledgeOptions> options, TimeProvider timeProvider, ILogger<KnowledgeIndexWarmup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var index = services.GetRequiredService<KnowledgeIndex>();
        LogIndexed(logger, index.DocumentCount, index.PassageCount, options.Value.ResolvedPath, timeProvider.GetElapsedTime(started).TotalMilliseconds);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Indexed {Documents} documents ({Passages} passages) from {Path} in {ElapsedMs:F0} ms")]
    private static partial void LogIndexed(ILogger logger, int documents, int passages, string path, double elapsedMs);
}
