using System.Diagnostics;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>A private redis-server on a free loopback port, without persistence, for the scale-out tests.</summary>
public sealed class RedisServer : IDisposable
{
    private readonly Process _process;

    public RedisServer()
    {
        Port = Loopback.FreePort();
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
        Loopback.WaitUntilListening(Port, _process, TimeSpan.FromSeconds(10), () => "redis-server did not start");
    }

    public int Port { get; }
    public string ConnectionString => $"127.0.0.1:{Port}";

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
