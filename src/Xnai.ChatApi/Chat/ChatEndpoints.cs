using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Xnai.ChatApi.Sessions;

namespace Xnai.ChatApi.Chat;

/// <summary>The user-facing chat API: text chat, voice chat and session history.</summary>
public static class ChatEndpoints
{
    /// <summary>Name of the rate-limiting policy on the chat routes.</summary>
    public const string RateLimitPolicy = "chat";

    /// <summary>Maps <c>/api/chat</c>, <c>/api/chat/voice</c> and <c>/api/sessions/{id}</c>.</summary>
    public static RouteGroupBuilder MapChatEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api").WithTags("Chat");

        group.MapPost("/chat", PostChat)
            .RequireRateLimiting(RateLimitPolicy)
            .WithName("Chat")
            .WithSummary("Answers a message from the knowledge base, with the session's context; degrades instead of failing.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapPost("/chat/voice", VoiceChatEndpoint.PostVoiceChat)
            .RequireRateLimiting(RateLimitPolicy)
            .Accepts<IFormFile>("audio/wav", "audio/x-wav", "audio/wave", "multipart/form-data")
            .WithName("VoiceChat")
            .WithSummary("Transcribes a WAV recording, answers it, and speaks the answer (base64 WAV).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/sessions/{id}", GetSession)
            .WithName("GetSession")
            .WithSummary("The stored turns of a session, oldest first (including turns still waiting for Redis).")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        return group;
    }

    private static async Task<Results<Ok<ChatResponse>, ValidationProblem>> PostChat(
        ChatRequest request,
        ChatService chat,
        IOptionsMonitor<ChatOptions> options,
        CancellationToken cancellationToken)
    {
        if (Validate(request.Message, request.SessionId, options.CurrentValue) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var sessionId = request.SessionId ?? SessionIds.New();
        return TypedResults.Ok(await chat.AnswerAsync(sessionId, request.Message!.Trim(), cancellationToken));
    }

    private static async Task<Results<Ok<SessionResponse>, ValidationProblem>> GetSession(
        string id,
        SessionStore sessions,
        CancellationToken cancellationToken)
    {
        if (!SessionIds.IsValid(id))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = [SessionIdRule] });
        }

        var history = await sessions.ReadAsync(id, count: 0, cancellationToken);
        return TypedResults.Ok(new SessionResponse(id, history.Turns, sessions.Pending.ForSession(id).Count, !history.Available));
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
