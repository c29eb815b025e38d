using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Xnai.ChatApi.Sessions;
using Xnai.ServiceDefaults.Http;

namespace Xnai.ChatApi.Chat;

/// <summary>The user-facing chat API: text chat, voice chat and session history.</summary>
public static class ChatEndpoints
{
    /// <summary>Name of the rate-limiting policy on the chat routes.</summary>
    public const string RateLimitPolicy = "chat";

    /// <summary>Maps <c>/api/chat</c>, <c>/api/chat/voice</c> and <c>/api/sessions/{id}</c>.</summary>
    public static RouteGroupBuilder MapChatEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var settings = endpoints.ServiceProvider.GetRequiredService<IOptions<ChatOptions>>().Value;
        var group = endpoints.MapGroup("/api").WithTags("Chat");

        group.MapPost("/chat", PostChat)
            .RequireRateLimiting(RateLimitPolicy)
            .WithRequestBodyLimit(settings.MaxChatBodyBytes)
            .WithName("Chat")
            .WithSummary("Answers a message from the knowledge base, with the session's context; degrades instead of failing.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        // The multipart envelope and a typed message fit in 64 KB beside the recording.
        group.MapPost("/chat/voice", VoiceChatEndpoint.PostVoiceChat)
            .RequireRateLimiting(RateLimitPolicy)
            .WithRequestBodyLimit(settings.MaxAudioBytes + (64L * 1024))
            .WithUploadDataRate()
            .Accepts<IFormFile>("audio/wav", "audio/x-wav", "audio/wave", "multipart/form-data")
            .WithName("VoiceChat")
            .WithSummary("Transcribes a WAV recording, answers it, and speaks the answer (base64 WAV).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/sessions/{id}", GetSession)
            .WithName("GetSession")
            .WithSummary("A page of a session's stored turns, oldest first (including turns still waiting for Redis); ?limit= and ?before= page back.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        return group;
    }

    private static async Task<Results<Ok<ChatResponse>, ValidationProblem>> PostChat(
        ChatRequest request,
        ChatService chat,
        IOptionsMonitor<ChatOptions> options,
        CancellationToken cancellationToken)
    {
        var message = request.Message is null ? null : ChatService.CleanMessage(request.Message);
        if (Validate(message, request.SessionId, options.CurrentValue) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var sessionId = request.SessionId ?? SessionIds.New();
        return TypedResults.Ok((await chat.AnswerAsync(sessionId, message!, cancellationToken)).ToResponse());
    }

    private static async Task<Results<Ok<SessionResponse>, ValidationProblem>> GetSession(
        string id,
        int? limit,
        string? before,
        SessionStore sessions,
        IOptionsMonitor<ChatOptions> options,
        CancellationToken cancellationToken)
    {
        var maxPage = options.CurrentValue.MaxSessionPageSize;
        var errors = new Dictionary<string, string[]>();
        if (!SessionIds.IsValid(id))
        {
            errors["id"] = [SessionIdRule];
        }

        if (limit is < 1 || limit > maxPage)
        {
            errors["limit"] = [$"limit must be between 1 and {maxPage}."];
        }

        if (before is not null && !SessionIds.IsValid(before))
        {
            errors["before"] = ["before must be the 'before' cursor of a previous page."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var page = await sessions.ReadPageAsync(id, limit ?? maxPage, before, cancellationToken);
        return TypedResults.Ok(new SessionResponse(id, page.Turns, sessions.Pending.ForSession(id).Count, !page.Available, page.Before));
    }

    internal const string SessionIdRule = "sessionId must be 8 to 64 characters: letters, digits, '-' or '_'.";

    /// <summary>Returns the validation errors of a chat message, or null when it is acceptable.</summary>
    internal static Dictionary<string, string[]>? Validate(string? message, string? sessionId, ChatOptions options)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(message))
        {
            errors["message"] = ["message is required and must not be blank."];
        }
        else if (message.Length > options.MaxMessageLength)
        {
            errors["message"] = [$"message must be at most {options.MaxMessageLength} characters (got {message.Length})."];
        }

        if (sessionId is not null && !SessionIds.IsValid(sessionId))
        {
            errors["sessionId"] = [SessionIdRule];
        }

        return errors.Count == 0 ? null : errors;
    }
}
