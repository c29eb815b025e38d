using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Xnai.ChatApi.Chat;
using Xnai.ChatApi.Health;
using Xnai.ChatApi.Sessions;

namespace Xnai.Tests.Functional;

/// <summary>chatapi's endpoints, answered as their contract records (the JSON names are pinned once, in <see cref="WireShapeTests"/>).</summary>
internal static class ChatApiCalls
{
    /// <summary>The operator endpoints (<c>/api/circuits</c>, <c>/health</c>) speak snake_case.</summary>
    public static readonly JsonSerializerOptions SnakeCase = ContractJson.SnakeCase;

    public static async Task<ChatResponse> ChatAsync(this FunctionalHost host, string message, string sessionId)
    {
        using var response = await host.Client.PostAsJsonAsync("/api/chat", new ChatRequest(message, sessionId));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST /api/chat {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<ChatResponse>(ContractJson.Web))!;
    }

    public static async Task<BreakerHealth> CircuitAsync(this FunctionalHost host, string name) =>
        (await host.Client.GetFromJsonAsync<Dictionary<string, BreakerHealth>>("/api/circuits", SnakeCase))![name];

    public static async Task<SessionResponse> SessionAsync(this FunctionalHost host, string sessionId) =>
        (await host.Client.GetFromJsonAsync<SessionResponse>($"/api/sessions/{sessionId}", ContractJson.Web))!;

    /// <summary>Posts the recording (and, when given, the same words typed) to <c>/api/chat/voice</c>.</summary>
    public static async Task<HttpResponseMessage> PostVoiceChatAsync(this FunctionalHost host, string sessionId, string? typed)
    {
        var audio = new ByteArrayContent(FunctionalHost.Wav);
        audio.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        using var form = new MultipartFormDataContent { { audio, "file", "question.wav" } };
        if (typed is not null)
        {
            form.Add(new StringContent(typed), "message");
        }

        return await host.Client.PostAsync($"/api/chat/voice?sessionId={sessionId}", form);
    }

    public static async Task<VoiceChatResponse> VoiceChatAsync(this FunctionalHost host, string sessionId, string? typed)
    {
        using var response = await host.PostVoiceChatAsync(sessionId, typed);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST /api/chat/voice {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<VoiceChatResponse>(ContractJson.Web))!;
    }

    /// <summary>Moves the fake clock; every timer due by then (break end, Polly timeout, flusher tick) fires.</summary>
    public static void Advance(this FunctionalHost host, TimeSpan by) => host.Clock.Advance(by);
}
