using System.Net.Sockets;
using System.Text;

namespace Xnai.Tests.Http;

/// <summary>A hand-written HTTP/1.1 client over a socket, for bodies that trickle in and requests HttpClient will not send.</summary>
internal static class RawHttp
{
    /// <summary>What came back: the status code, or null when the server closed the connection without an answer.</summary>
    public sealed record Outcome(int? Status, string Response);

    /// <summary>
    /// Sends <paramref name="head"/> (request line and headers, without the blank line), then the body
    /// <paramref name="chunk"/> bytes at a time every <paramref name="interval"/> until <paramref name="bodyLength"/>
    /// bytes are sent or the server answers or closes. <paramref name="local"/>, when given, is the client's address
    /// (a loopback address such as 127.0.0.3), so a test can be a client of its own to per-client limits.
    /// </summary>
    public static async Task<Outcome> TrickleAsync(Uri server, string head, int bodyLength, int chunk, TimeSpan interval, CancellationToken cancellationToken, System.Net.IPAddress? local = null)
    {
        using var client = local is null ? new TcpClient() : new TcpClient(new System.Net.IPEndPoint(local, 0));
        await client.ConnectAsync(server.Host, server.Port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head + "\r\n\r\n"), cancellationToken);

        var response = ReadResponseAsync(stream, cancellationToken);
        var sent = 0;
        try
        {
            while (sent < bodyLength && !response.IsCompleted)
            {
                var size = Math.Min(chunk, bodyLength - sent);
                await stream.WriteAsync(Enumerable.Repeat((byte)' ', size).ToArray(), cancellationToken);
                sent += size;
                await Task.WhenAny(response, Task.Delay(interval, cancellationToken));
            }
        }
        catch (IOException)
        {
            // The server cut the connection while we were writing: the answer (if any) is in the response task.
        }

        return await response;
    }

    // The head has arrived, and the body too when the head gives its length (the problem's title is in the body).
    private static bool IsComplete(string response)
    {
        var end = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }

        var head = response[..end];
        if (System.Text.RegularExpressions.Regex.IsMatch(head, @"(?im)^transfer-encoding:\s*chunked\s*$"))
        {
            return response.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal);
        }

        var length = System.Text.RegularExpressions.Regex.Match(head, @"(?im)^content-length:\s*(\d+)\s*$");
        return !length.Success || Encoding.UTF8.GetByteCount(response[(end + 4)..]) >= int.Parse(length.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<Outcome> ReadResponseAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        var text = new StringBuilder();
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                text.Append(Encoding.UTF8.GetString(buffer, 0, read));
                if (IsComplete(text.ToString()))
                {
                    break;
                }
            }
        }
        catch (IOException)
        {
            // Connection reset: closed without (or after) an answer.
        }

        var all = text.ToString();
        return all.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && int.TryParse(all.AsSpan(9, 3), out var status)
            ? new Outcome(status, all)
            : new Outcome(null, all);
    }
}
