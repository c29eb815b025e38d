using Microsoft.Extensions.Logging;

namespace Xnai.Resilience;

/// <summary>Structured log messages of the breakers (category <c>Xnai.CircuitBreakers</c>).</summary>
internal static partial class CircuitBreakerLog
{
    public const string Category = "Xnai.CircuitBreakers";

    [LoggerMessage(EventId = 1, EventName = "CircuitTransition", Message = "Circuit {Circuit} changed from {From} to {To}: {Reason}")]
    public static partial void Transition(ILogger logger, LogLevel level, string circuit, string from, string to, string reason);

    [LoggerMessage(EventId = 2, EventName = "CircuitFailure", Level = LogLevel.Debug, Message = "Circuit {Circuit} recorded a failure ({ErrorType}), {FailCount} in a row")]
    public static partial void Failure(ILogger logger, string circuit, string errorType, int failCount);

    [LoggerMessage(EventId = 3, EventName = "CircuitRejections", Level = LogLevel.Warning, Message = "Circuit {Circuit} rejected {Count} calls while {State}")]
    public static partial void Rejections(ILogger logger, string circuit, long count, string state);

    [LoggerMessage(EventId = 4, EventName = "CircuitOptionsReloaded", Level = LogLevel.Information, Message = "Circuit {Circuit} thresholds reloaded; state {State} and counts kept")]
    public static partial void OptionsReloaded(ILogger logger, string circuit, string state);
}
