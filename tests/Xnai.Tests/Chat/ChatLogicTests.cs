using System.Net;
using Polly;
using Polly.Timeout;
using Xnai.ChatApi;
using Xnai.ChatApi.Chat;
using Xnai.ChatApi.Dependencies;
using Xnai.ChatApi.Sessions;

namespace Xnai.Tests.Chat;

[Trait("Category", "Unit")]
public class ChatLogicTests
{
    [Theory]
    [InlineData(30)]
    [InlineData(1)]
    [InlineData(0)]
    public void KnowledgeBaseFallback_HasTheSeedsWording_AndSaysWhenItRetries(int seconds)
    {
        var text = FallbackMessages.KnowledgeBase(seconds);
        Assert.Contains("temporarily unable to access my knowledge base", text);
        Assert.Contains("automatically recovering", text);
        Assert.Contains(seconds > 0 ? $"in about {seconds} second" : "with your next message", text);
    }

    [Theory]
    [InlineData(1, "1 second")]
    [InlineData(2, "2 seconds")]
    [InlineData(45, "45 seconds")]
    public void FallbackMessages_SaySecondInTheSingular_SecondsOtherwise(int seconds, string wording)
    {
        Assert.Equal(
            "I'm temporarily unable to access my knowledge base, so I can't give you a sourced answer right now. "
            + $"The service is automatically recovering: I'll try the knowledge base again in about {wording}. Your conversation is kept meanwhile.",
            FallbackMessages.KnowledgeBase(seconds));
        Assert.Equal(
            "Voice replies are temporarily unavailable, so here is the answer as text. The voice service is automatically recovering"
            + $"; spoken replies should be back in about {wording}.",
            FallbackMessages.VoiceReply(seconds));
        Assert.Equal(
            "Voice processing is temporarily unavailable, so your recording could not be transcribed. Please type your message instead"
            + $", or try speaking again in about {wording}.",
            FallbackMessages.VoiceInput(seconds));
    }

    [Fact]
    public void VoiceFallbackMessages_WithoutARetryTime_EndTheSentence()
    {
        Assert.EndsWith("automatically recovering.", FallbackMessages.VoiceReply(0));
        Assert.EndsWith("Please type your message instead.", FallbackMessages.VoiceInput(0));
    }

    [Theory]
    [InlineData(null, 400)]
    [InlineData("", 400)]
    [InlineData("   ", 400)]
    [InlineData("hello", 0)]
    public void Validate_Message(string? message, int expected)
    {
        var errors = ChatEndpoints.Validate(message, null, new ChatOptions());
        Assert.Equal(expected == 0, errors is null);
    }

    [Fact]
    public void Validate_MessageAtTheLimitPasses_OneMoreFails()
    {
        var options = new ChatOptions { MaxMessageLength = 4000 };
        Assert.Null(ChatEndpoints.Validate(new string('x', 4000), null, options));
        Assert.Contains("4000", ChatEndpoints.Validate(new string('x', 4001), null, options)!["message"][0]);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef", true)]
    [InlineData("my-session_01", true)]
    [InlineData("short", false)]
    [InlineData("../../etc/passwd", false)]
    [InlineData("with space", false)]
    [InlineData("ünïcödé-session", false)]
    [InlineData("abcdefgh\n", false)]
    [InlineData("abcdefgh\r\n", false)]
    [InlineData("\nabcdefgh", false)]
    public void SessionIds_Validation(string id, bool valid) => Assert.Equal(valid, SessionIds.IsValid(id));

    [Fact]
    public void SessionIds_New_IsValid() => Assert.True(SessionIds.IsValid(SessionIds.New()));

    [Fact]
    public void BuildQuery_ShortFollowUp_CarriesThePreviousQuestion()
    {
        ConversationTurn[] history =
        [
            new("1", "s", "user", "How does the redis breaker work?", DateTimeOffset.UnixEpoch, false),
            new("2", "s", "assistant", "It opens after five failures.", DateTimeOffset.UnixEpoch, false),
        ];
        Assert.Equal("How long does it stay open? How does the redis breaker work?", ChatService.BuildQuery("How long does it stay open?", history));
        Assert.Equal("First question", ChatService.BuildQuery("First question", []));
    }

    [Fact]
    public void BuildQuery_LongMessage_IsCutAtAWordBoundaryWithinTheKnowledgeBaseLimit()
    {
        var message = string.Join(' ', Enumerable.Repeat("breaker", 500));

        var query = ChatService.BuildQuery(message, []);

        Assert.InRange(query.Length, 1990, 2000);
        Assert.EndsWith("breaker", query, StringComparison.Ordinal);
        Assert.Empty(RagStub.Endpoints.QueryEndpoints.Validate(new(query, 3)));
    }

    [Theory]
    [InlineData(2001, 2000)]
    [InlineData(2002, 2000)]
    public void FitQuery_OneLongWord_IsCutHard_NeverSplittingASurrogatePair(int length, int expected)
    {
        var text = string.Concat(Enumerable.Repeat("😀", length))[..length];

        var query = ChatService.FitQuery(text, 2000);

        Assert.True(query.Length <= expected);
        Assert.False(char.IsHighSurrogate(query[^1]));
    }

    [Fact]
    public void CleanMessage_TurnsControlCharactersIntoSpaces_KeepsLineBreaks() =>
        Assert.Equal("a b\nc\td", ChatService.CleanMessage("\u0000a\u001bb\nc\td\u0007"));

    [Fact]
    public void ForSpeech_CutsLongAnswersAtASentenceEnd()
    {
        var text = string.Concat(Enumerable.Repeat("This sentence has some words. ", 60));
        var spoken = VoiceClient.ForSpeech(text);
        Assert.True(spoken.Length <= VoiceClient.MaxSpeechCharacters);
        Assert.EndsWith(".", spoken);
        Assert.Equal("short", VoiceClient.ForSpeech("short"));
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, false)]
    [InlineData(HttpStatusCode.BadRequest, false)]
    [InlineData(HttpStatusCode.NotFound, false)]
    [InlineData(HttpStatusCode.RequestTimeout, true)]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.InternalServerError, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    public void HttpFailures_CountServerSideFailuresOnly(HttpStatusCode status, bool failure)
    {
        using var response = new HttpResponseMessage(status);
        Assert.Equal(failure, HttpFailures.IsFailure(Outcome.FromResult(response)));
    }

    [Fact]
    public void HttpFailures_TransportErrorsAndTimeoutsCount_CancellationDoesNot()
    {
        Assert.True(HttpFailures.IsFailure(Outcome.FromException<HttpResponseMessage>(new HttpRequestException("refused"))));
        Assert.True(HttpFailures.IsFailure(Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException())));
        Assert.False(HttpFailures.IsFailure(Outcome.FromException<HttpResponseMessage>(new OperationCanceledException())));
    }
}
