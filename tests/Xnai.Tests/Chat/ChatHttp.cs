using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Xnai.ChatApi.Chat;
using Xnai.ChatApi.Circuits;
using Xnai.ChatApi.Health;
using Xnai.ChatApi.Sessions;
using Xnai.Tests.Functional;
using Xnai.Tests.Integration;

namespace Xnai.Tests.Chat;

/// <summary>Small helpers for talking to chatapi in whole-app tests.</summary>
internal static class ChatHttp
{
    public static async Task<ChatResponse> ChatAsync(this HttpClient client, string message, string? sessionId = null)
    {
        using var response = await client.PostAsJsonAsync("/api/chat", new ChatRequest(message, sessionId)).WaitAsync(TimeSpan.FromSeconds(30));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /api/chat {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<ChatResponse>(body, ContractJson.Web)!;
    }

    /// <summary>GET <paramref name="path"/> read as <typeparamref name="T"/>; <paramref name="options"/> default to the web defaults (camelCase).</summary>
    public static async Task<T> GetJsonAsync<T>(this HttpClient client, string path, JsonSerializerOptions? options = null)
    {
        using var response = await client.GetAsync(path).WaitAsync(TimeSpan.FromSeconds(30));
        var body = await response.Content.ReadAsStringAsync();
        return JsonSerializer.Deserialize<T>(body, options ?? ContractJson.Web)
            ?? throw new InvalidOperationException($"GET {path} {(int)response.StatusCode}: {body}");
    }

    public static Task<SessionResponse> SessionAsync(this HttpClient client, string sessionId) =>
        client.GetJsonAsync<SessionResponse>($"/api/sessions/{sessionId}");

    /// <summary>chatapi's <c>/health</c> (snake_case).</summary>
    public static Task<ChatHealthEndpoint.HealthResponse> HealthAsync(this HttpClient client) =>
        client.GetJsonAsync<ChatHealthEndpoint.HealthResponse>("/health", ContractJson.SnakeCase);

    public static async Task<BreakerHealth> CircuitAsync(this HttpClient client, string name) =>
        (await client.GetJsonAsync<Dictionary<string, BreakerHealth>>("/api/circuits", ContractJson.SnakeCase))[name];

    public static Task<IReadOnlyList<CircuitEventView>> CircuitEventsAsync(this HttpClient client) =>
        client.GetJsonAsync<IReadOnlyList<CircuitEventView>>("/api/circuits/events", ContractJson.SnakeCase);

    /// <summary>The user's words of a session, in order.</summary>
    public static IEnumerable<string> UserTexts(this SessionResponse session) =>
        session.Turns.Where(t => t.Role == "user").Select(t => t.Text);

    /// <summary>Speaks <paramref name="text"/> through the running voice service: a real recording for voice-chat tests.</summary>
    public static async Task<byte[]> SynthesizeAsync(this DistributedApplication app, string text)
    {
        using var voice = app.CreateClient("voice");
        using var response = await voice.PostAsJsonAsync("/api/tts", new { text }).WaitAsync(TimeSpan.FromSeconds(30));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>A WAV request body.</summary>
    public static ByteArrayContent WavContent(byte[] wav)
    {
        var content = new ByteArrayContent(wav);
        content.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        return content;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, at most <paramref name="timeout"/>.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(250));
        }

        return await condition();
    }

    /// <summary>Value of a Prometheus sample, e.g. <c>circuit_breaker_state{service="rag_api"}</c>; null when absent.</summary>
    public static double? Sample(string metricsText, string name, string service)
    {
        foreach (var line in metricsText.Split('\n'))
        {
            if (line.StartsWith(name + "{", StringComparison.Ordinal) && line.Contains($"service=\"{service}\"", StringComparison.Ordinal))
            {
                var value = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
                return double.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
