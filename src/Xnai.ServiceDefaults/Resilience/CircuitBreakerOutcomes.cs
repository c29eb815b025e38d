using Polly;

namespace Xnai.ServiceDefaults.Resilience;

internal static class CircuitBreakerOutcomes
{
    /// <summary>A cancellation requested by the caller says nothing about the dependency's health.</summary>
    public static bool IsCallerCancellation(Exception? exception, ResilienceContext context) =>
        exception is OperationCanceledException && context.CancellationToken.IsCancellationRequested;
}
