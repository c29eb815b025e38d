namespace Xnai.Resilience;

/// <summary>
/// Process-level failures that say nothing about the dependency: the breaker neither counts them nor lets them
/// end a probe; they travel on to the caller unchanged.
/// </summary>
internal static class FatalExceptions
{
    // ThreadAbortException cannot be raised on .NET (Core) but is still a type user code may throw; it keeps its old meaning.
    public static bool IsFatal(Exception? exception) => exception is OutOfMemoryException
        or InsufficientExecutionStackException
        or StackOverflowException
        or AccessViolationException
        or ThreadAbortException;
}
