using System.Net;
using System.Net.Sockets;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>
/// A TCP relay on a loopback port in front of an app server, for network drops a browser cannot tell from real ones:
/// <see cref="Cut"/> closes every connection through it and refuses new ones until <see cref="Restore"/>, which may
/// point it at another server (the browser's address stays the relay's, as behind a load balancer).
/// </summary>
public sealed class TcpRelay : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly List<TcpClient> _open = [];
    private Uri _target;
    private bool _cut;

    public TcpRelay(string targetBaseUrl)
    {
        _target = new Uri(targetBaseUrl);
        _listener.Start();
        BaseUrl = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _ = AcceptAsync();
    }

    /// <summary>The address browsers use instead of the server's.</summary>
    public string BaseUrl { get; }

    /// <summary>The network goes down: every connection through the relay is reset, and new ones are refused.</summary>
    public void Cut()
    {
        List<TcpClient> open;
        lock (_lock)
        {
            _cut = true;
            open = [.. _open];
            _open.Clear();
        }
        foreach (var client in open)
        {
            Reset(client); // as a dropped network ends up
        }
    }

    /// <summary>The network is back, to the same server or to <paramref name="targetBaseUrl"/>.</summary>
    public void Restore(string? targetBaseUrl = null)
    {
        lock (_lock)
        {
            if (targetBaseUrl is not null)
            {
                _target = new Uri(targetBaseUrl);
            }
            _cut = false;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        Cut();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        Uri target;
        lock (_lock)
        {
            target = _target;
            if (_cut)
            {
                Reset(client); // refused while the network is down
                return;
            }
        }
        var server = new TcpClient();
        try
        {
            await server.ConnectAsync(target.Host, target.Port, _stop.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            client.Dispose();
            server.Dispose();
            return;
        }
        lock (_lock)
        {
            if (_cut)
            {
                client.Dispose();
                server.Dispose();
                return;
            }
            _open.Add(client);
            _open.Add(server);
        }
        var up = PipeAsync(client, server);
        var down = PipeAsync(server, client);
        await Task.WhenAny(up, down);
        lock (_lock)
        {
            _open.Remove(client);
            _open.Remove(server);
        }
        client.Dispose();
        server.Dispose();
    }

    private static void Reset(TcpClient client)
    {
        try
        {
            if (client.Client is { } socket)
            {
                socket.LingerState = new LingerOption(true, 0);
            }
        }
        catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
        {
            // Closed already.
        }
        client.Dispose();
    }

    private async Task PipeAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), _stop.Token);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or SocketException or InvalidOperationException)
        {
            // One side is gone (or cut): the pair ends.
        }
    }
}
