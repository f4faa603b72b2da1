using Microsoft.Data.Sqlite;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>
/// A temporary folder for one test database or app (its SQLite file and what the app writes beside it), deleted on
/// dispose once SQLite has let go of its files. Linked into the benchmark project, whose app instances use it too.
/// </summary>
public sealed class ScratchDirectory(string prefix) : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file the OS still holds open is left to the temp cleaner.
        }
    }
}
