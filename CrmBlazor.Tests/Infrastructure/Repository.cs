namespace CrmBlazor.Tests.Infrastructure;

/// <summary>The checkout the tests run from, for tests that read the project's own files (resource tables, sources).</summary>
public static class Repository
{
    /// <summary>The folder that holds <c>CrmBlazor.sln</c>, found upwards from the test binaries.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CrmBlazor.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("CrmBlazor.sln not found above the test binaries");
    }
}
