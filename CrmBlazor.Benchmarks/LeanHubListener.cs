using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace CrmBlazor.Benchmarks;

/// <summary>
/// A hub listener that does no more on this machine than a client must: one WebSocket to <c>/hubs/crm</c> speaking
/// SignalR's JSON protocol (the handshake, invocations and their completions, pings both ways), each message read once
/// with <see cref="Utf8JsonReader"/> for the fields it needs, without allocating. The scenario's 1,000 listeners stand in
/// for browsers and integrations on other machines, but run on the server's 2 cores: with SignalR's own client
/// (<c>HubConnection</c>: its pipes, a <see cref="JsonElement"/> per message, its dispatch loop) their receiving took
/// about 1.6 times the server's forwarding (session 26), so the figure was mostly this process's clients. The full client
/// is still run with <c>CRM_BENCH_HUB_CLIENT=signalr</c>.
/// </summary>
internal sealed class LeanHubListener : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;
    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(15);

    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _pending = new();
    private readonly TaskCompletionSource _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly Action<int, int> _dealChanged;
    private Task _receiving = Task.CompletedTask;
    private Task _pinging = Task.CompletedTask;
    private int _invocations;

    private LeanHubListener(Action<int, int> dealChanged) => _dealChanged = dealChanged;

    /// <summary>
    /// Connects straight over WebSockets (SignalR's "skip negotiation"), signed in by <paramref name="cookies"/>;
    /// <paramref name="dealChanged"/> gets each <c>dealChanged</c> message's deal id and version.
    /// </summary>
    public static async Task<LeanHubListener> ConnectAsync(Uri hub, CookieContainer cookies, Action<int, int> dealChanged)
    {
        var listener = new LeanHubListener(dealChanged);
        try
        {
            listener._socket.Options.Cookies = cookies;
            await listener._socket.ConnectAsync(new UriBuilder(hub) { Scheme = hub.Scheme == Uri.UriSchemeHttps ? "wss" : "ws" }.Uri, CancellationToken.None);
            listener._receiving = listener.ReceiveAsync();
            await listener.SendAsync("{\"protocol\":\"json\",\"version\":1}");
            await listener._handshake.Task.WaitAsync(TimeSpan.FromSeconds(30));
            listener._pinging = listener.PingAsync();
            return listener;
        }
        catch
        {
            await listener.DisposeAsync();
            throw;
        }
    }

    /// <summary>Invokes a hub method whose arguments are given as JSON; the result when it is a number, else 0.</summary>
    public Task<long> InvokeAsync(string target, string argumentsJson)
    {
        var id = Interlocked.Increment(ref _invocations).ToString(CultureInfo.InvariantCulture);
        var result = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = result;
        if (_receiving.IsCompleted && _pending.TryRemove(id, out _))
        {
            return Task.FromException<long>(new InvalidOperationException("The hub connection closed."));
        }
        return SendThenWaitAsync(id, $"{{\"type\":1,\"invocationId\":\"{id}\",\"target\":\"{target}\",\"arguments\":[{argumentsJson}]}}", result.Task);
    }

    private async Task<long> SendThenWaitAsync(string id, string message, Task<long> result)
    {
        try
        {
            await SendAsync(message);
            return await result.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private async Task SendAsync(string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message + (char)RecordSeparator);
        await _sending.WaitAsync();
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, _stop.Token);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task PingAsync()
    {
        // The server closes a connection it has heard nothing from for 30 s (its ClientTimeoutInterval).
        using var timer = new PeriodicTimer(PingInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await SendAsync("{\"type\":6}");
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            // closing
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[16 * 1024];
        var filled = 0;
        Exception? failure = null;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
                var received = await _socket.ReceiveAsync(buffer.AsMemory(filled), _stop.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
                filled += received.Count;
                var start = 0;
                int end;
                while ((end = Array.IndexOf(buffer, RecordSeparator, start, filled - start)) >= 0)
                {
                    Handle(buffer.AsSpan(start, end - start));
                    start = end + 1;
                }
                if (start > 0)
                {
                    buffer.AsSpan(start, filled - start).CopyTo(buffer);
                    filled -= start;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // closing
        }
        catch (Exception ex)
        {
            // A message this client could not read (or a handler that threw): the listener is broken, so it says so to
            // every caller and leaves the server, instead of keeping the connection open and reading nothing.
            failure = ex;
            _socket.Abort();
        }
        finally
        {
            var closed = new InvalidOperationException("The hub connection closed.", failure);
            _handshake.TrySetException(closed);
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(closed);
            }
        }
    }

    private void Handle(ReadOnlySpan<byte> message)
    {
        int? type = null;
        var dealChanged = false;
        string? invocationId = null, error = null;
        long result = 0;
        int dealId = 0, version = 0;
        var reader = new Utf8JsonReader(message);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("target"u8))
            {
                reader.Read();
                dealChanged = reader.ValueTextEquals("dealChanged"u8);
            }
            else if (reader.ValueTextEquals("invocationId"u8))
            {
                reader.Read();
                invocationId = reader.GetString();
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                error = reader.GetString();
            }
            else if (reader.ValueTextEquals("result"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number)
                {
                    result = reader.GetInt64();
                }
                reader.Skip();
            }
            else if (reader.ValueTextEquals("arguments"u8))
            {
                reader.Read(); // [
                // Only the first argument's top-level dealId and version; everything else is skipped.
                var first = true;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var isFirst = first;
                    first = false;
                    if (reader.TokenType != JsonTokenType.StartObject || !isFirst)
                    {
                        reader.Skip();
                        continue;
                    }
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var field = reader.ValueTextEquals("dealId"u8) ? 1 : reader.ValueTextEquals("version"u8) ? 2 : 0;
                        reader.Read();
                        if (field == 1 && reader.TokenType == JsonTokenType.Number)
                        {
                            dealId = reader.GetInt32();
                        }
                        else if (field == 2 && reader.TokenType == JsonTokenType.Number)
                        {
                            version = reader.GetInt32();
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (type is null)
        {
            // The handshake's answer: {} or {"error":"..."}.
            if (error is null)
            {
                _handshake.TrySetResult();
            }
            else
            {
                _handshake.TrySetException(new InvalidOperationException("Hub handshake refused: " + error));
            }
            return;
        }
        switch (type)
        {
            case 1 when dealChanged:
                _dealChanged(dealId, version);
                break;
            case 3 when invocationId is not null && _pending.TryRemove(invocationId, out var pending):
                if (error is null)
                {
                    pending.TrySetResult(result);
                }
                else
                {
                    pending.TrySetException(new InvalidOperationException(error));
                }
                break;
            case 7:
                _stop.Cancel();
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                // One send at a time (a ping may be on its way), then the server's close ends the receiving.
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _sending.WaitAsync(timeout.Token);
                try
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
                }
                finally
                {
                    _sending.Release();
                }
                await _receiving.WaitAsync(timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or InvalidOperationException)
        {
            // already gone, or the server did not answer in time: the socket is aborted below
        }
        await _stop.CancelAsync();
        await Task.WhenAll(_receiving, _pinging); // both end quietly: their errors are caught where they run
        _socket.Dispose();
        _sending.Dispose();
        _stop.Dispose();
    }
}
