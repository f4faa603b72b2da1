using Npgsql;
using DependencyInjection = CrmBlazor.Core.DependencyInjection;

namespace CrmBlazor.Tests.Core.Data;

/// <summary>What the app makes of the operator's connection strings.</summary>
public class ConnectionStringTests
{
    [Fact]
    public void PostgreSQL_PreparesTheStatementsItRunsOften_UnlessTheConnectionStringSaysOtherwise()
    {
        var given = "Host=db;Database=crm;Username=crm;Password=secret";

        var used = new NpgsqlConnectionStringBuilder(DependencyInjection.PostgresConnectionString(given));

        Assert.Equal(DependencyInjection.AutoPrepared, used.MaxAutoPrepare);
        Assert.Equal(("db", "crm", "crm", "secret"), (used.Host, used.Database, used.Username, used.Password));
    }

    [Theory]
    [InlineData("Host=db;Database=crm;Max Auto Prepare=0")] // behind a pooler in transaction mode, say
    [InlineData("Host=db;Database=crm;maxautoprepare=10")]
    public void PostgreSQL_AnOperatorsOwnMaxAutoPrepare_IsKept(string given)
    {
        Assert.Equal(given, DependencyInjection.PostgresConnectionString(given));
    }
}
