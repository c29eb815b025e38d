using System.Net;
using Polly;
using Polly.Timeout;
using Xnai.ChatApi;
using Xnai.ChatApi.Chat;
using Xnai.ChatApi.Dependencies;
using Xnai.ChatApi.Sessions;

namespace Xnai.Tests.Chat;

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
