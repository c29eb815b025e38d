using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Xnai.Chaos;

/// <summary>
/// Safety net for handlers that let an <see cref="InjectedFaultException"/> escape: the caller sees the
/// 503 a real outage would give, not a 500 that looks like a bug. Needs <c>UseExceptionHandler</c>.
/// </summary>
public sealed class InjectedFaultExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not InjectedFaultException fault)
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = FaultProblems.ServiceUnavailable(fault),
        }).ConfigureAwait(false);
    }
}
