using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>A private redis-server on a free loopback port, without persistence, for the scale-out tests.</summary>
public sealed class RedisServer : IDisposable
{
    private readonly Process _process;

    public RedisServer()
    {
        Port = FreePort();
        var executable = File.Exists("/usr/bin/redis-server") ? "/usr/bin/redis-server" : "redis-server";
        try
        {
            _process = Process.Start(new ProcessStartInfo(executable, $"--bind 127.0.0.1 --port {Port} --save \"\" --appendonly no")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("redis-server is needed for the scale-out tests: ./test.sh installs it (apt-get install redis-server).", ex);
        }
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitUntilListening();
    }

    public int Port { get; }
    public string ConnectionString => $"127.0.0.1:{Port}";

    private void WaitUntilListening()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                Thread.Sleep(50); // polling a port that is not open yet: a condition, re-checked, with a deadline
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
        _process.Dispose();
    }
}
