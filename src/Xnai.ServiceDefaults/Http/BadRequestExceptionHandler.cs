using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Xnai.ServiceDefaults.Http;

/// <summary>
/// Turns the exceptions that body readers and binders throw for bad input into a 4xx problem naming the problem,
/// logged at Information (bad input is the client's, not an operator's, concern). Anything else is left to the
/// default handling: logged as an Error and answered with a 500 that carries no exception text.
/// </summary>
public sealed partial class BadRequestExceptionHandler(ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (Classify(exception) is not { } problem || httpContext.Response.HasStarted)
        {
            return false;
        }

        LogBadRequest(logger, problem.Status, httpContext.Request.Method, httpContext.Request.Path, exception.GetType().Name, exception.Message);
        await ProblemResponses.WriteAsync(httpContext, problem.Status, problem.Title, problem.Detail).ConfigureAwait(false);
        return true;
    }

    /// <summary>The problem an exception stands for when it means "the request was bad"; null for a server fault.</summary>
    internal static BadRequestProblem? Classify(Exception exception) => exception switch
    {
        BadHttpRequestException bad => FromStatus(bad),
        JsonException => new(StatusCodes.Status400BadRequest, "Malformed JSON", "The request body is not valid JSON for this endpoint."),
        // The multipart and form readers report a malformed or cut-off body like this.
        InvalidDataException => new(StatusCodes.Status400BadRequest, "Malformed request body", "The multipart or form body is malformed or incomplete."),
        IOException when IsFromRequestReader(exception) =>
            new(StatusCodes.Status400BadRequest, "Incomplete request body", "The request body ended before it was complete."),
        // ReadFromJsonAsync wraps Encoding.GetEncoding's ArgumentException for an unknown charset.
        InvalidOperationException { InnerException: ArgumentException } when IsFromRequestReader(exception) =>
            new(StatusCodes.Status415UnsupportedMediaType, "Unsupported charset", "The charset of the Content-Type header is not supported; send UTF-8."),
        DecoderFallbackException => new(StatusCodes.Status400BadRequest, "Undecodable request body", "The request body is not valid in its declared charset."),
        _ => null,
    };

    private static BadRequestProblem FromStatus(BadHttpRequestException bad) => bad.StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => new(bad.StatusCode, "Request body too large", "The request body is larger than this endpoint accepts."),
        StatusCodes.Status408RequestTimeout => new(bad.StatusCode, "Request body too slow", "The request body did not arrive in time."),
        StatusCodes.Status415UnsupportedMediaType => new(bad.StatusCode, "Unsupported media type", "The Content-Type is not one this endpoint accepts."),
        // The binder's messages name the parameter and the problem ("Failed to read parameter ... from the request body as JSON").
        _ => new(bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : StatusCodes.Status400BadRequest, "Bad request", PublicText.Redact(bad.Message)),
    };

    // Thrown by ASP.NET Core's or System.Text.Json's own readers (not our code, not a dependency): the request is at fault.
    private static bool IsFromRequestReader(Exception exception) =>
        exception.Source is { } source
        && (source.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || source.StartsWith("System.Text.Json", StringComparison.Ordinal));

    [LoggerMessage(Level = LogLevel.Information, Message = "Bad request answered {Status} on {Method} {Path}: {ErrorType}: {Reason}")]
    private static partial void LogBadRequest(ILogger logger, int status, string method, string path, string errorType, string reason);
}

/// <summary>The status, title and public detail of a rejected request.</summary>
public sealed record BadRequestProblem(int Status, string Title, string Detail);
