using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Xnai.ChatApi;
using Xnai.ChatApi.Sessions;
using Xnai.Tests.Http;

namespace Xnai.Tests.Chat;

/// <summary>
/// A failed Redis connection attempt is retried by the client and reported by the breaker and /health if it lasts:
/// chatapi logs it as a Warning, not as an Error an operator must act on.
/// </summary>
[Trait("Category", "Unit")]
public sealed class RedisConnectionLogTests
{
    [Fact]
    public void LevelOf_ConnectionFailure_IsWarning_OtherErrorsKeepTheirLevel()
    {
        var connection = new RedisConnectionException(ConnectionFailureType.UnableToConnect, "UnableToConnect on 127.0.0.1:9/Subscription");

        Assert.Equal(LogLevel.Warning, RetriedConnectionLogs.LevelOf(LogLevel.Error, connection));
        Assert.Equal(LogLevel.Error, RetriedConnectionLogs.LevelOf(LogLevel.Error, new InvalidOperationException("a bug")));
        Assert.Equal(LogLevel.Error, RetriedConnectionLogs.LevelOf(LogLevel.Error, null));
        Assert.Equal(LogLevel.Critical, RetriedConnectionLogs.LevelOf(LogLevel.Critical, connection));
        Assert.Equal(LogLevel.Information, RetriedConnectionLogs.LevelOf(LogLevel.Information, connection));
    }

    [Fact]
    public async Task RedisThatDoesNotAnswer_IsLoggedAsWarnings_NotErrors()
    {
        await using var app = new KestrelAppFactory<ChatOptions>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = "127.0.0.1:9",
            ["services:rag:http:0"] = "http://127.0.0.1:9",
            ["services:voice:http:0"] = "http://127.0.0.1:9",
        });
        app.StartServer();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!app.Logs.GetSnapshot().Any(IsConnectionFailure) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var failures = app.Logs.GetSnapshot().Where(IsConnectionFailure).ToList();
        Assert.NotEmpty(failures);
        Assert.All(failures, r => Assert.Equal(LogLevel.Warning, r.Level));
        Assert.Empty(app.Errors());
    }

    private static bool IsConnectionFailure(Microsoft.Extensions.Logging.Testing.FakeLogRecord record) =>
        record.Category?.StartsWith("StackExchange.Redis", StringComparison.Ordinal) == true && record.Exception is RedisConnectionException;
}
