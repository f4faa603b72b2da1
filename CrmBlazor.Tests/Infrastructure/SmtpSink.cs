using System.Buffers;
using System.Collections.Concurrent;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>
/// A real SMTP listener (the SmtpServer library) on a free loopback port that keeps every message it receives, with
/// its envelope: the e-mail tests send through it and read back what arrived.
/// </summary>
public sealed class SmtpSink : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private readonly Store _store = new();

    public SmtpSink()
    {
        Port = Loopback.FreePort();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Port(Port).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(_store);
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }
    public string Host => "127.0.0.1";

    /// <summary>What arrived so far: the message and the envelope's recipients.</summary>
    public IReadOnlyList<ReceivedMail> Received => [.. _store.Messages];

    /// <summary>Waits until a message matching <paramref name="match"/> has arrived.</summary>
    public async Task<ReceivedMail> WaitForAsync(Func<ReceivedMail, bool> match, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            if (_store.Messages.FirstOrDefault(match) is { } found)
            {
                return found;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No matching message among {_store.Messages.Count} received.");
            }
            await _store.Arrived.WaitAsync(TimeSpan.FromMilliseconds(200)).ContinueWith(_ => { });
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _running.Wait(5000);
        }
        catch (AggregateException)
        {
            // cancelled on purpose
        }
        _stop.Dispose();
    }

    private sealed class Store : MessageStore
    {
        public ConcurrentQueue<ReceivedMail> Messages { get; } = new();
        public SemaphoreSlim Arrived { get; } = new(0);

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            Messages.Enqueue(new ReceivedMail(message, [.. transaction.To.Select(m => $"{m.User}@{m.Host}")]));
            Arrived.Release();
            return SmtpResponse.Ok;
        }
    }
}

public sealed record ReceivedMail(MimeMessage Message, IReadOnlyList<string> EnvelopeTo);
