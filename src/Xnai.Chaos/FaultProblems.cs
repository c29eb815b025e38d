using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Xnai.Chaos;

/// <summary>The ProblemDetails a service returns for an injected fault, shared so every service says it alike.</summary>
public static class FaultProblems
{
    /// <summary>503 ProblemDetails describing <paramref name="fault"/>.</summary>
    public static ProblemDetails ServiceUnavailable(InjectedFaultException fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        return new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = fault.IsOutage ? "Service unavailable (injected outage)" : "Service unavailable (injected fault)",
            Detail = fault.Message,
            Extensions = { ["injected"] = true, ["outage"] = fault.IsOutage },
        };
    }
}
