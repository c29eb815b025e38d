using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Xnai.Resilience;

namespace Xnai.ChatApi.Circuits;

/// <summary>
/// <c>GET /api/circuits/stream</c> as Server-Sent Events, bounded: at most <see cref="CircuitStreamOptions.MaxSubscribers"/>
/// streams (one more gets 503 + Retry-After), a comment line every <see cref="CircuitStreamOptions.HeartbeatInterval"/>,
/// and an end after <see cref="CircuitStreamOptions.MaxLifetime"/> (the <c>retry:</c> field tells the client when to reconnect).
/// Written by hand because the framework's SSE result has no comment lines. Reading from the registry's per-subscriber
/// channel never blocks a breaker: a slow client loses its oldest events, not the breaker's time.
/// </summary>
public sealed class CircuitEventStream(
    CircuitBreakerRegistry breakers, IOptionsMonitor<CircuitStreamOptions> options, TimeProvider timeProvider, IHostApplicationLifetime lifetime)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private int _subscribers;

    /// <summary>Streams open now.</summary>
    public int Subscribers => Volatile.Read(ref _subscribers);

    /// <summary>Serves one stream, or 503 when every slot is taken.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        var settings = options.CurrentValue;
        if (Interlocked.Increment(ref _subscribers) > settings.MaxSubscribers)
        {
            Interlocked.Decrement(ref _subscribers);
            context.Response.Headers.RetryAfter = settings.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Too many event streams",
                detail: $"Every event stream slot is taken; retry after {settings.RetryAfterSeconds} s or poll /api/circuits.").ExecuteAsync(context);
            return;
        }

        try
        {
            await StreamAsync(context, settings);
        }
        finally
        {
            Interlocked.Decrement(ref _subscribers);
        }
    }

    private async Task StreamAsync(HttpContext context, CircuitStreamOptions settings)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        using var maxLifetime = new CancellationTokenSource(settings.MaxLifetime, timeProvider);
        // The stream also ends when the app stops, so an open stream never blocks a graceful stop (the browser reconnects).
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, maxLifetime.Token, lifetime.ApplicationStopping);
        var token = linked.Token;
        var live = breakers.WatchAsync(token).GetAsyncEnumerator(token);

        // Subscribe before sending the current states, so no transition can fall between the two.
        var next = live.MoveNextAsync().AsTask();
        try
        {
            await WriteAsync(response, $"retry: {(long)settings.ReconnectDelay.TotalMilliseconds}\n\n", token);
            var now = timeProvider.GetUtcNow();
            foreach (var snapshot in breakers.All.Select(b => b.GetSnapshot()))
            {
                await WriteEventAsync(response, new CircuitEventView(now, snapshot.Name, "state", null, CircuitStateNames.ToWire(snapshot.State), null), token);
            }

            while (true)
            {
                using var beat = CancellationTokenSource.CreateLinkedTokenSource(token);
                var heartbeat = Task.Delay(settings.HeartbeatInterval, timeProvider, beat.Token);
                if (await Task.WhenAny(next, heartbeat) == next)
                {
                    await beat.CancelAsync();
                    if (!await next)
                    {
                        return;
                    }

                    await WriteEventAsync(response, CircuitEventView.Of(live.Current), token);
                    next = live.MoveNextAsync().AsTask();
                }
                else
                {
                    await heartbeat;
                    await WriteAsync(response, ": heartbeat\n\n", token);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Lifetime over, app stopping or client gone: ending the response makes an EventSource reconnect after retry:.
        }
        finally
        {
            // An async iterator cannot be disposed while a MoveNextAsync is pending: cancel it and let it finish first.
            await linked.CancelAsync();
            try
            {
                await next;
            }
            catch (OperationCanceledException)
            {
            }

            await live.DisposeAsync();
        }
    }

    private static Task WriteEventAsync(HttpResponse response, CircuitEventView view, CancellationToken token) =>
        WriteAsync(response, $"event: circuit\ndata: {JsonSerializer.Serialize(view, Json)}\n\n", token);

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken token)
    {
        await response.WriteAsync(text, token);
        await response.Body.FlushAsync(token);
    }
}
