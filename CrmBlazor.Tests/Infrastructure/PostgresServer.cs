using System.Diagnostics;
using Npgsql;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>
/// A private PostgreSQL server (Debian's, from /usr/lib/postgresql) in a temporary directory on a free loopback port,
/// with trust authentication; each test gets a database of its own from <see cref="NewDatabase"/>.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string _directory;
    private readonly string _bin;
    private int _databases;

    public PostgresServer()
    {
        _bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault() ?? ""
            : "";
        if (_bin.Length == 0)
        {
            throw new InvalidOperationException("PostgreSQL is needed for these tests: ./test.sh installs it (apt-get install postgresql).");
        }
        _directory = Directory.CreateTempSubdirectory("crm-pg-").FullName;
        Port = Loopback.FreePort();
        var data = Path.Combine(_directory, "data");
        Run("initdb", $"-D {data} --auth=trust --username=postgres --encoding=UTF8 --locale=C.UTF-8");
        Run("pg_ctl", $"-D {data} -l {Path.Combine(_directory, "log")} -w -o \"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off\" start");
    }

    public int Port { get; }

    /// <summary>
    /// A connection string to a new, empty database. The database is created here, through a connection of its own to
    /// the <c>postgres</c> database, so that EF's migrations find it in place: EF's own create-then-connect path can meet
    /// a database that is not ready yet on a freshly started server (dotnet/efcore#17578), and it retries only under a
    /// retrying execution strategy, which the tests do not use.
    /// </summary>
    public string NewDatabase()
    {
        var name = $"crm_test_{Interlocked.Increment(ref _databases)}";
        using (var admin = new NpgsqlConnection($"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false"))
        {
            admin.Open();
            using var create = admin.CreateCommand();
            create.CommandText = $"CREATE DATABASE {name}";
            create.ExecuteNonQuery();
        }
        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name};Pooling=true";
    }

    private void Run(string tool, string arguments)
    {
        // PostgreSQL refuses to run as root: as root, run it as the postgres user, which owns the directory.
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            Execute("chown", $"-R postgres {_directory}");
        }
        var command = Path.Combine(_bin, tool);
        var (file, args) = asRoot ? ("runuser", $"-u postgres -- {command} {arguments}") : (command, arguments);
        Execute(file, args);
    }

    private static void Execute(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed: {output.Result}{error.Result}");
        }
    }

    public void Dispose()
    {
        try
        {
            Run("pg_ctl", $"-D {Path.Combine(_directory, "data")} -m immediate -w stop");
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
