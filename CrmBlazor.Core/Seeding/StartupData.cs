
namespace CrmBlazor.Core.Seeding;

/// <summary>
/// What every new database needs before anyone can work in it, demo or real: the pipelines with their stages and the
/// lost reasons. Admins may change them afterwards.
/// </summary>
internal static class StartupData
{
    /// <summary>The lost-reason list a new database starts with; admins may change it.</summary>
    private static readonly string[] DefaultLostReasons =
        ["Price too high", "Chose a competitor", "No budget", "No decision / no response", "Requirements not met", "Other"];

    /// <summary>The default "Sales" pipeline and a "Partnerships" one, and the lost reasons; saved.</summary>
    public static async Task<List<Pipeline>> SeedAsync(CrmDbContext db, CancellationToken ct)
    {
        List<Pipeline> pipelines =
        [
            new()
            {
                Name = "Sales", IsDefault = true, Sort = 0,
                Stages =
                [
                    new() { Name = "New", Color = "#42a5f5", Kind = StageKind.Open, Sort = 0 },
                    new() { Name = "Qualification", Color = "#26c6da", Kind = StageKind.Open, Sort = 1 },
                    new() { Name = "Proposal", Color = "#9ccc65", Kind = StageKind.Open, Sort = 2 },
                    new() { Name = "Negotiation", Color = "#ffa726", Kind = StageKind.Open, Sort = 3 },
                    new() { Name = "Won", Color = "#43a047", Kind = StageKind.Won, Sort = 4 },
                    new() { Name = "Lost", Color = "#e53935", Kind = StageKind.Lost, Sort = 5 },
                ],
            },
            new()
            {
                Name = "Partnerships", Sort = 1,
                Stages =
                [
                    new() { Name = "Contacted", Color = "#7e57c2", Kind = StageKind.Open, Sort = 0 },
                    new() { Name = "Meeting", Color = "#5c6bc0", Kind = StageKind.Open, Sort = 1 },
                    new() { Name = "Agreement", Color = "#26a69a", Kind = StageKind.Open, Sort = 2 },
                    new() { Name = "Signed", Color = "#43a047", Kind = StageKind.Won, Sort = 3 },
                    new() { Name = "Dropped", Color = "#e53935", Kind = StageKind.Lost, Sort = 4 },
                ],
            },
        ];
        db.Pipelines.AddRange(pipelines);
        db.LostReasons.AddRange(DefaultLostReasons.Select((name, i) => new LostReason { Name = name, Sort = i }));
        await db.SaveChangesAsync(ct);
        return pipelines;
    }
}
