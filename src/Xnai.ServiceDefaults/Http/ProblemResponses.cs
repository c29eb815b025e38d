using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Xnai.ServiceDefaults.Http;

/// <summary>Writes a problem-details answer, or a plain-text one when the client accepts no JSON (never an exception).</summary>
public static class ProblemResponses
{
    /// <summary>Sets <paramref name="status"/> and writes the problem; does nothing once the response has started.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        var written = await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).ConfigureAwait(false);

        // E.g. "Accept: application/xml": no problem-details writer applies; the status still tells the story.
        if (!written)
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync($"{title}: {detail}").ConfigureAwait(false);
        }
    }
}
