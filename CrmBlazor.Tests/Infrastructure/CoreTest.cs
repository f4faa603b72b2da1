namespace CrmBlazor.Tests.Infrastructure;

/// <summary>
/// A Core test on a database of its own (a new SQLite one when none is given; a PostgreSQL subclass passes its own
/// <see cref="TestDatabase"/>: xunit fills the optional parameter of a test class's constructor with its default),
/// with the pipeline of <see cref="TestDatabase.AddPipelineAsync"/> and a team: Anna and Piotr (sales), Marta (manager).
/// </summary>
public abstract class CoreTest(TestDatabase? db = null) : IAsyncLifetime
{
    protected TestDatabase Db { get; } = db ?? new TestDatabase();
    protected TestPipeline Pipeline { get; private set; } = default!;
    protected Actor Anna { get; private set; } = default!;
    protected Actor Piotr { get; private set; } = default!;
    protected Actor Manager { get; private set; } = default!;

    public virtual async Task InitializeAsync()
    {
        Pipeline = await Db.AddPipelineAsync();
        Anna = await Db.AddUserAsync("Anna", CrmRoles.Sales);
        Piotr = await Db.AddUserAsync("Piotr", CrmRoles.Sales);
        Manager = await Db.AddUserAsync("Marta", CrmRoles.Manager);
    }

    public virtual async Task DisposeAsync() => await Db.DisposeAsync();
}
