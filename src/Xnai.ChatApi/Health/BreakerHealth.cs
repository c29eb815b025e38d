using Xnai.Resilience;
using Xnai.ServiceDefaults;

namespace Xnai.ChatApi.Health;

/// <summary>The last failure: when, and what (type and short message, without addresses or paths).</summary>
public sealed record LastFailureView(DateTimeOffset At, string Error);

/// <summary>One breaker in <c>/health</c> and <c>/api/circuits</c> (snake_case on the wire).</summary>
public sealed record BreakerHealth(
    string State,
    int FailCount,
    LastFailureView? LastFailure,
    double? RetryAfterSeconds,
    double FailureRate,
    double SlowCallRate,
    long TotalCalls,
    long TotalFailures,
    long TotalRejections,
    int Trips,
    DateTimeOffset? OpenedAt)
{
    public static BreakerHealth From(CircuitSnapshot snapshot) => new(
        CircuitStateNames.ToWire(snapshot.State),
        snapshot.FailCount,
        snapshot.LastFailure is { } failure ? new LastFailureView(failure.At, $"{failure.ErrorType}: {PublicText.Redact(failure.Message)}") : null,
        snapshot.RetryAfter is { } retry ? Math.Round(retry.TotalSeconds, 1) : null,
        snapshot.FailureRate,
        snapshot.SlowCallRate,
        snapshot.TotalCalls,
        snapshot.TotalFailures,
        snapshot.TotalRejections,
        snapshot.Trips,
        snapshot.OpenedAt);
}
