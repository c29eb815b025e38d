using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Xnai.ChatApi.Sessions;

namespace Xnai.Tests.Functional;

/// <summary>
/// The voice breaker through chatapi's real pipeline: 2 consecutive failures open it for 45 s; meanwhile voice chat
/// answers the typed words in text (or 503 with Retry-After when there are none), and voice is not called.
/// </summary>
[Trait("Category", "Unit")]
[Trait("Category", "Functional")]
public sealed class VoiceBreakerTests : IAsyncLifetime
{
    private const string Breaker = "voice_processing";
    private const string Typed = "How do the circuit breakers recover?";
    private const string TextNotice = "Voice replies are temporarily unavailable, so here is the answer as text. The voice service is automatically recovering";
    private static readonly TimeSpan Break = TimeSpan.FromSeconds(45);

    private readonly string _session = SessionIds.New();
    private FunctionalHost _host = null!;

    public async Task InitializeAsync() => _host = await FunctionalHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task SecondFailure_OpensForFortyFiveSeconds_AndVoiceChatAnswersInText()
    {
        _host.Voice.Behaviour = FakeBehaviour.Fail;

        var first = await _host.VoiceChatAsync(_session, Typed);
        AssertTextAnswer(first, retryAfter: null, TextNotice + ".");
        Assert.Equal(("closed", 1), await StateAsync());

        var second = await _host.VoiceChatAsync(_session, Typed);
        AssertTextAnswer(second, retryAfter: 45, TextNotice + "; spoken replies should be back in about 45 seconds.");
        var opened = await _host.CircuitAsync(Breaker);
        Assert.Equal(("open", 2, 1, 45.0), (opened.State, opened.FailCount, opened.Trips, opened.RetryAfterSeconds));

        // Speech to text failed both times, so speech synthesis was not tried: two calls, both transcriptions.
        Assert.Equal(["/api/stt", "/api/stt"], _host.Voice.Paths);
    }

    [Fact]
    public async Task WhileOpen_VoiceIsNotCalled_AndTheCallFortyFiveSecondsLaterProbes()
    {
        await OpenAsync();
        _host.Voice.Behaviour = FakeBehaviour.Succeed;

        _host.Advance(TimeSpan.FromSeconds(15));
        AssertTextAnswer(await _host.VoiceChatAsync(_session, Typed), retryAfter: 30, TextNotice + "; spoken replies should be back in about 30 seconds.");
        _host.Advance(Break - TimeSpan.FromSeconds(15) - TimeSpan.FromTicks(1));
        AssertTextAnswer(await _host.VoiceChatAsync(_session, Typed), retryAfter: 1, TextNotice + "; spoken replies should be back in about 1 second.");
        Assert.Equal(2, _host.Voice.Calls);

        _host.Advance(TimeSpan.FromTicks(1));
        var spoken = await _host.VoiceChatAsync(_session, Typed);
        Assert.Equal((FunctionalHost.Transcript, FunctionalHost.RagAnswerText, false), (spoken.Transcript, spoken.Answer, spoken.Degraded));
        Assert.Equal((Convert.ToBase64String(FunctionalHost.Wav), "audio/wav"), (spoken.Audio, spoken.AudioContentType));
        Assert.Empty(spoken.DegradedServices);
        Assert.Null(spoken.Notice);
        Assert.Equal(["/api/stt", "/api/stt", "/api/stt", "/api/tts"], _host.Voice.Paths);
        Assert.Equal(("closed", 0), await StateAsync());
    }

    [Fact]
    public async Task WhileOpen_ARecordingWithoutTypedText_Is503_WithRetryAfter()
    {
        await OpenAsync();

        using var response = await _host.PostVoiceChatAsync(_session, typed: null);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(45), response.Headers.RetryAfter?.Delta);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal("Voice processing is temporarily unavailable", problem!.Title);
        Assert.Equal(
            "Voice processing is temporarily unavailable, so your recording could not be transcribed. Please type your message instead, or try speaking again in about 45 seconds.",
            problem.Detail);
        Assert.Equal(2, _host.Voice.Calls);
    }

    [Fact]
    public async Task HungVoice_FailsAtItsFifteenSecondTimeout_NotBefore()
    {
        _host.Voice.Behaviour = FakeBehaviour.Hang;
        _host.Voice.ExpectCall();
        var pending = _host.VoiceChatAsync(_session, Typed);
        await _host.Voice.Entered.WaitAsync(FunctionalHost.RealTimeBound);

        _host.Advance(TimeSpan.FromSeconds(15) - TimeSpan.FromTicks(1));
        Assert.Equal(0, (await _host.CircuitAsync(Breaker)).TotalFailures);
        Assert.False(pending.IsCompleted);

        _host.Advance(TimeSpan.FromTicks(1));
        AssertTextAnswer(await pending.WaitAsync(FunctionalHost.RealTimeBound), retryAfter: null, TextNotice + ".");
        Assert.Equal(("closed", 1), await StateAsync());
    }

    private async Task OpenAsync()
    {
        _host.Voice.Behaviour = FakeBehaviour.Fail;
        await _host.VoiceChatAsync(_session, Typed);
        await _host.VoiceChatAsync(_session, Typed);
        Assert.Equal(("open", 2), await StateAsync());
    }

    private async Task<(string State, int FailCount)> StateAsync()
    {
        var breaker = await _host.CircuitAsync(Breaker);
        return (breaker.State, breaker.FailCount);
    }

    /// <summary>The typed words answered from the knowledge base, in text only, with the voice notice.</summary>
    private static void AssertTextAnswer(Xnai.ChatApi.Chat.VoiceChatResponse answer, int? retryAfter, string notice)
    {
        Assert.Equal((Typed, FunctionalHost.RagAnswerText), (answer.Transcript, answer.Answer));
        Assert.Null(answer.Audio);
        Assert.Null(answer.AudioContentType);
        Assert.True(answer.Degraded);
        Assert.Equal(["voice_processing"], answer.DegradedServices);
        Assert.Equal(retryAfter, answer.RetryAfterSeconds);
        Assert.Equal(notice, answer.Notice);
        Assert.Single(answer.Sources);
    }
}
