using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>Ports on the loopback interface for the private servers the tests start (PostgreSQL, Redis, IMAP, SMTP).</summary>
public static class Loopback
{
    /// <summary>A port nobody listens on now (the system's choice).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Returns once <paramref name="server"/> accepts connections on <paramref name="port"/>; throws with
    /// <paramref name="why"/>'s account when it exits or <paramref name="timeout"/> passes first.
    /// </summary>
    public static void WaitUntilListening(int port, Process server, TimeSpan timeout, Func<string> why)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !server.HasExited)
            {
                Thread.Sleep(50); // polling a port that is not open yet: a condition, re-checked, with a deadline
            }
            catch (SocketException ex)
            {
                throw new InvalidOperationException(why(), ex);
            }
        }
    }
}
