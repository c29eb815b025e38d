using System.Net;
using System.Net.Sockets;

namespace Xnai.Tests.Functional;

/// <summary>
/// The network between chatapi and a real redis-server: a loopback TCP relay that can be cut (every connection closed,
/// new ones dropped at once, as when Redis goes away) and restored. Redis keeps its data meanwhile, so a test can prove
/// that the turns written before, during and after the outage are all there exactly once.
/// </summary>
public sealed class RedisLink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _redis;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly List<TcpClient> _connections = [];
    private readonly Task _accepting;
    private bool _cut;

    public RedisLink(IPEndPoint redis)
    {
        _redis = redis;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>Where chatapi connects: <c>127.0.0.1:port</c>.</summary>
    public string ConnectionString => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Closes every connection and drops new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        lock (_gate)
        {
            _cut = true;
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }

            _connections.Clear();
        }
    }

    /// <summary>Lets connections through again.</summary>
    public void Restore()
    {
        lock (_gate)
        {
            _cut = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        Cut();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var server = new TcpClient();
        lock (_gate)
        {
            if (_cut)
            {
                client.Dispose();
                server.Dispose();
                return;
            }

            _connections.Add(client);
            _connections.Add(server);
        }

        try
        {
            await server.ConnectAsync(_redis, _stopping.Token);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            var up = client.GetStream().CopyToAsync(server.GetStream(), either.Token);
            var down = server.GetStream().CopyToAsync(client.GetStream(), either.Token);
            await Task.WhenAny(up, down);
            await either.CancelAsync();
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // A cut link: the sockets are already closed.
        }
        finally
        {
            lock (_gate)
            {
                _connections.Remove(client);
                _connections.Remove(server);
            }

            client.Dispose();
            server.Dispose();
        }
    }
}
