using System.Net;
using System.Net.Http.Json;
using Xnai.Tests.Http;
using Xnai.Tests.Voice;

namespace Xnai.Tests.Chat;

/// <summary>
/// An upload that trickles in (300 B/s, 4 MB declared) is cut with a 408 "body too slow" once the upload rate's grace
/// period is over, long before the 30 s request deadline, on chatapi's voice chat and on voice's speech-to-text; the
/// service answers normally afterwards. Real Kestrel, real sockets on 127.0.0.1, the shipped limits.
/// </summary>
[Trait("Category", "Unit")]
public sealed class UploadRateTests(ChatApiHost chat, VoiceHost voice) : IClassFixture<ChatApiHost>, IClassFixture<VoiceHost>
{
    // Well under the 30 s request deadline, so a cut within it is the upload rate's doing (and its title says so).
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task VoiceChatUpload_At300BytesPerSecond_Gets408BodyTooSlow()
    {
        var outcome = await TrickleAsync(chat.App.Address, "/api/chat/voice");

        AssertCutAsTooSlow(outcome);
        using var client = chat.App.CreateServiceClient();
        using var normal = await client.PostAsJsonAsync("/api/chat", new { message = "Is the chat still answering?" }).WaitAsync(Bound);
        Assert.Equal(HttpStatusCode.OK, normal.StatusCode);
        Assert.Empty(chat.App.Errors());
    }

    [Fact]
    public async Task SpeechToTextUpload_At300BytesPerSecond_Gets408BodyTooSlow()
    {
        var outcome = await TrickleAsync(voice.Address, "/api/stt");

        AssertCutAsTooSlow(outcome);
        using var client = voice.CreateServiceClient();
        using var voices = await client.GetAsync("/api/voices").WaitAsync(Bound);
        Assert.Equal(HttpStatusCode.OK, voices.StatusCode);
        Assert.Empty(voice.Errors());
    }

    private static Task<RawHttp.Outcome> TrickleAsync(Uri address, string path)
    {
        var head = $"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: audio/wav\r\nContent-Length: {4 * 1024 * 1024}";
        return RawHttp.TrickleAsync(address, head, 4 * 1024 * 1024, 30, TimeSpan.FromMilliseconds(100), CancellationToken.None).WaitAsync(Bound);
    }

    private static void AssertCutAsTooSlow(RawHttp.Outcome outcome)
    {
        Assert.True(outcome.Status == 408, outcome.Response);
        Assert.Contains("Request body too slow", outcome.Response, StringComparison.Ordinal);
    }
}
