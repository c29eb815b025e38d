using StackExchange.Redis;

namespace Xnai.ChatApi.Sessions;

/// <summary>
/// The logger factory chatapi gives StackExchange.Redis. The client logs every failed connection attempt at Error,
/// including one that its reconnect policy retries a moment later (a handshake that missed its connect timeout on a
/// busy machine at start-up, say). Such an attempt is not something a person must act on: an outage that lasts shows
/// as the <c>redis</c> breaker opening and <c>session_store</c> in <c>/health</c>. So connection failures are logged
/// as Warnings; every other record of the client keeps its level.
/// </summary>
internal sealed class RetriedConnectionLogs(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new Logger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The host owns the inner factory.
    public void Dispose()
    {
    }

    /// <summary>The level a record of the client is written at.</summary>
    internal static LogLevel LevelOf(LogLevel level, Exception? exception) =>
        level == LogLevel.Error && exception is RedisConnectionException ? LogLevel.Warning : level;

    private sealed class Logger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(LevelOf(logLevel, exception), eventId, state, exception, formatter);
    }
}
