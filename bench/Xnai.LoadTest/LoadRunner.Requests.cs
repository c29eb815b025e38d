using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Xnai.LoadTest;

public static partial class LoadRunner
{
    // A refused connection fails in microseconds: pause briefly so a dead target does not become a busy loop.
    private static readonly TimeSpan TransportErrorPause = TimeSpan.FromMilliseconds(50);

    private static async Task RunUserAsync(
        HttpClient client,
        Uri target,
        LoadOptions options,
        VirtualUser user,
        RequestBudget budget,
        LoadCounters counters,
        CancellationToken stop)
    {
        while (!stop.IsCancellationRequested && budget.TryTake())
        {
            var transportError = await SendAsync(client, target, options, user, counters);
            var pause = transportError ? TransportErrorPause : options.ThinkTime;
            if (pause > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(pause, TimeProvider.System, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Sends one request and tallies it; returns true when no HTTP response came back at all.</summary>
    private static async Task<bool> SendAsync(HttpClient client, Uri target, LoadOptions options, VirtualUser user, LoadCounters counters)
    {
        var voice = options.VoiceWav is not null && options.VoiceShare > 0 && user.Random.NextDouble() < options.VoiceShare;
        var message = voice ? options.VoiceMessage : (options.Message ?? Messages.Default)(user.Index, user.Sent);
        user.Sent++;
        using var request = voice ? VoiceRequest(target, options.VoiceWav!.Value, message, user.SessionId) : ChatRequest(target, message!, user.SessionId);
        var route = voice ? "voice" : "chat";

        using var timeout = new CancellationTokenSource(options.RequestTimeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            var latency = Stopwatch.GetElapsedTime(started);
            var status = (int)response.StatusCode;
            counters.Status(status);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                counters.Failed(latency, $"{route}: {status} {Snippet(body)}", rejected: response.StatusCode == HttpStatusCode.TooManyRequests);
                return false;
            }

            if (!TryReadAnswer(body, out var sessionId, out var degraded, out var degradedServices, out var transcript, out var stale))
            {
                counters.Failed(latency, $"{route}: 200 without sessionId/degraded: {Snippet(body)}");
                return false;
            }

            user.Answered(sessionId, voice ? transcript ?? message ?? string.Empty : message!);
            counters.Answered(latency, degraded, degradedServices, stale);
            return false;
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested || ex.InnerException is TimeoutException)
        {
            counters.Failed(Stopwatch.GetElapsedTime(started), $"{route}: timeout after {options.RequestTimeout.TotalSeconds:0.###} s", timeout: true);
            return false;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            counters.Failed(Stopwatch.GetElapsedTime(started), $"{route}: {ex.GetType().Name}: {ex.Message}");
            return true;
        }
    }

    private static HttpRequestMessage ChatRequest(Uri target, string message, string? sessionId) =>
        new(HttpMethod.Post, new Uri(target, "api/chat"))
        {
            Content = JsonContent.Create(new ChatBody(message, sessionId)),
        };

    private static HttpRequestMessage VoiceRequest(Uri target, ReadOnlyMemory<byte> wav, string? typed, string? sessionId)
    {
        var query = new StringBuilder("api/chat/voice");
        var separator = '?';
        if (sessionId is not null)
        {
            query.Append(separator).Append("sessionId=").Append(Uri.EscapeDataString(sessionId));
            separator = '&';
        }

        if (typed is not null)
        {
            query.Append(separator).Append("message=").Append(Uri.EscapeDataString(typed));
        }

        var content = new ReadOnlyMemoryContent(wav);
        content.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        return new HttpRequestMessage(HttpMethod.Post, new Uri(target, query.ToString())) { Content = content };
    }

    /// <summary>
    /// Reads <c>sessionId</c>, <c>degraded</c>, <c>degradedServices</c>, (voice) <c>transcript</c> and whether <c>stale</c>
    /// is set (an earlier answer standing in for the knowledge base) from a chat or voice chat answer.
    /// </summary>
    private static bool TryReadAnswer(byte[] body, out string sessionId, out bool degraded, out IReadOnlyList<string> degradedServices, out string? transcript, out bool stale)
    {
        stale = false;
        sessionId = string.Empty;
        degraded = false;
        degradedServices = [];
        transcript = null;
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("sessionId", out var id) || id.GetString() is not { Length: > 0 } value
                || !root.TryGetProperty("degraded", out var flag) || flag.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return false;
            }

            sessionId = value;
            degraded = flag.GetBoolean();
            if (root.TryGetProperty("degradedServices", out var services) && services.ValueKind == JsonValueKind.Array)
            {
                degradedServices = [.. services.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.String).Select(s => s.GetString()!).Take(8)];
            }

            stale = root.TryGetProperty("stale", out var earlier) && earlier.ValueKind == JsonValueKind.Object;
            transcript = root.TryGetProperty("transcript", out var words) && words.ValueKind == JsonValueKind.String ? words.GetString() : null;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Snippet(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300)).ReplaceLineEndings(" ");
        return body.Length > 300 ? text + "…" : text;
    }

    private sealed record ChatBody(string Message, string? SessionId);
}
