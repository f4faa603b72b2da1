using System.Text;
using CrmBlazor.Core.Import;

namespace CrmBlazor.Tests.Core.Import;

/// <summary>Deal imports in Core: the same runs as leads, into a chosen stage, linked to contacts and companies, with update by id and undo.</summary>
public class DealImportServiceTests : CoreTest
{
    private readonly string _directory = Directory.CreateTempSubdirectory("crm-import-").FullName;

    public DealImportServiceTests() : base(new TestDatabase()) { }

    protected DealImportServiceTests(TestDatabase db) : base(db) { }

    private LeadImportService Imports => Db.Get<LeadImportService>();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private const string Header = "Nazwa;Kwota;Waluta;Firma;Kontakt;E-mail;Opiekun;ID";

    private (ImportFile File, string Path) Csv(params string[] rows)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, string.Join("\r\n", [Header, .. rows]) + "\r\n", new UTF8Encoding(true));
        return (Imports.Open(path, "deals.csv"), path);
    }

    private LeadImportSettings Settings(ImportFile file, int? stageId, DuplicateRule rule = DuplicateRule.Skip) => new()
    {
        Kind = ElementKind.Deal,
        Columns = LeadImportMapping.Guess(file.Headers, ElementKind.Deal).Columns,
        Rule = rule,
        MatchOn = DuplicateKey.Id,
        StageId = stageId,
    };

    private async Task<ImportRunView> ImportAsync(DuplicateRule rule = DuplicateRule.Skip, params string[] rows)
    {
        var (file, path) = Csv(rows);
        var started = await Imports.StartAsync(file, path, Settings(file, Pipeline.ProposalStageId, rule), Anna);
        Assert.True(started.IsOk, string.Join(", ", started.Errors.Select(e => e.MessageKey)));
        await Imports.RunAsync(started.Value!.Id, CancellationToken.None);
        return (await Imports.GetRunAsync(started.Value.Id))!;
    }

    private async Task<int> ContactAsync(string first, string last, string? email = null, int? companyId = null)
    {
        var saved = await Db.Get<ContactService>().SaveAsync(null, 0, new ContactInput { FirstName = first, LastName = last, Email = email, CompanyId = companyId }, Anna);
        Assert.True(saved.IsOk);
        return saved.Value!.Id;
    }

    private async Task<int> CompanyAsync(string name)
    {
        var saved = await Db.Get<CompanyService>().SaveAsync(null, 0, new CompanyInput { Name = name }, Anna);
        Assert.True(saved.IsOk);
        return saved.Value!.Id;
    }

    private async Task<List<Deal>> DealsInProposalAsync()
    {
        await using var db = await Db.Factory.CreateDbContextAsync();
        return await db.Deals.Where(d => d.StageId == Pipeline.ProposalStageId).OrderBy(d => d.Rank).ThenBy(d => d.Id).ToListAsync();
    }

    private async Task<List<string>> FailedAsync(int runId) =>
        (await Imports.FailedRowsAsync(runId, (k, a) => $"{k}({string.Join('|', a)})").ToListAsync()).Select(r => r[^1]).ToList();

    [Fact]
    public void Guess_DealHeaders_EnglishAndPolish()
    {
        Assert.Equal(
            [LeadImportField.Title, LeadImportField.ExpectedAmount, LeadImportField.Currency, LeadImportField.CompanyName, LeadImportField.FullName,
                LeadImportField.Email, LeadImportField.Responsible, LeadImportField.Id],
            LeadImportMapping.Guess(Header.Split(';'), ElementKind.Deal).Columns);
        Assert.Equal([LeadImportField.Title, LeadImportField.ContactId, LeadImportField.CompanyId, null],
            LeadImportMapping.Guess(["Deal name", "Contact ID", "Company ID", "Phone"], ElementKind.Deal).Columns);
        Assert.Contains(LeadImportMapping.Guess(["Amount"], ElementKind.Deal).Validate(["Amount"], ElementKind.Deal), e => e.MessageKey == "Import.Mapping.NeedsTitle");
    }

    [Fact]
    public void RankBelow_KeysInOrderUnderTheTopCard_Short()
    {
        foreach (var upper in new[] { "i", "1", "00001", "zzz", "0i" })
        {
            var keys = Rank.Below(upper, 500);
            Assert.Equal(500, keys.Distinct().Count());
            Assert.All(keys, k => Assert.True(string.CompareOrdinal(k, upper) < 0 && k.Length > 0 && !k.EndsWith('0'), $"{k} under {upper}"));
            Assert.Equal(keys.OrderBy(k => k, StringComparer.Ordinal), keys);
            Assert.All(keys, k => Assert.True(k.Length <= upper.Length + 3, k));
        }
        Assert.Equal(Rank.Spread(3), Rank.Below(null, 3));
    }

    [Fact]
    public async Task Deals_CreatedAtTheTopOfTheStageInFileOrder_LinkedByNameEmailOrCompany()
    {
        var top = await Db.AddDealAsync(Anna, Pipeline.ProposalStageId, "Already here");
        var acme = await CompanyAsync("Acme Sp. z o.o.");
        var jan = await ContactAsync("Jan", "Kowalski", "jan@acme.pl", acme);
        var ewa = await ContactAsync("Ewa", "Nowak");
        using var log = new EventLog(Db.Live);

        var run = await ImportAsync(rows:
        [
            "Serwery;12 500,50;PLN;ACME sp. z o.o.;;JAN@acme.pl;piotr@test.crm;",
            "Licencje;1000;;;ewa nowak;;;",
            "Bez linków;;;;;;;",
        ]);

        Assert.Equal((ImportRunState.Done, 3, 0), (run.State, run.Created, run.Failed));
        var deals = await DealsInProposalAsync();
        Assert.Equal(["Serwery", "Licencje", "Bez linków", "Already here"], deals.Select(d => d.Title));
        var first = deals[0];
        Assert.Equal((12500.50m, "PLN", acme, jan, Piotr.UserId, Pipeline.PipelineId), (first.Amount, first.Currency, first.CompanyId, first.ContactId, first.ResponsibleUserId, first.PipelineId));
        Assert.Equal((ewa, Anna.UserId, 0m), (deals[1].ContactId, deals[1].ResponsibleUserId, deals[2].Amount));
        Assert.Equal(top.Id, deals[^1].Id);
        await using var db = await Db.Factory.CreateDbContextAsync();
        var created = deals.Take(3).Select(d => d.Id).ToList();
        // Each new deal entered its stage (the funnel reads this) and has its "imported" entry.
        Assert.Equal(3, await db.DealStageChanges.CountAsync(c => created.Contains(c.DealId) && c.ToStageId == Pipeline.ProposalStageId));
        Assert.Equal(3, await db.TimelineEntries.CountAsync(e => e.Kind == TimelineKind.Imported && e.ElementKind == ElementKind.Deal && created.Contains(e.ElementId)));
        // The pipeline's boards hear one event for the batch.
        var batch = Assert.Single(log.Events.OfType<ImportProgressed>(), e => e.Changed > 0);
        Assert.Equal(Pipeline.PipelineId, batch.PipelineId);
        Assert.Contains(LiveTopics.Pipeline(Pipeline.PipelineId), batch.Topics);
    }

    [Fact]
    public async Task Deals_BadRowsFail_WithTheirReasons_NothingElseMade()
    {
        await ContactAsync("Anna", "Kowalska");
        await ContactAsync("Anna", "Kowalska");
        await CompanyAsync("Beta");

        var run = await ImportAsync(rows:
        [
            ";100;;;;;;",
            "Unknown person;;;;Nikt Nikomu;;;",
            "Two people;;;;Anna Kowalska;;;",
            "Unknown mail;;;;;nobody@x.pl;;",
            "Unknown company;;;Gamma;;;;",
            "Bad amount;abc;;;;;;",
            "Bad currency;10;XYZ;;;;;",
            "Unknown user;;;;;;someone@else.com;",
            "Good one;5;;Beta;;;;",
        ]);

        Assert.Equal((1, 8), (run.Created, run.Failed));
        Assert.Equal(
            [
                "Validation.Required()",
                "Import.Row.UnknownContact(Nikt Nikomu)",
                "Import.Row.AmbiguousContact(Anna Kowalska|2)",
                "Import.Row.UnknownContact(nobody@x.pl)",
                "Import.Row.UnknownCompany(Gamma)",
                "Import.Row.BadAmount(abc)",
            ],
            (await FailedAsync(run.Id)).Take(6).Select(f => f.Contains("Validation.Currency") ? "currency" : f).ToList());
        Assert.Equal(["Good one"], (await DealsInProposalAsync()).Select(d => d.Title));
    }

    [Fact]
    public async Task Start_RefusesAClosedOrMissingStage()
    {
        var (file, path) = Csv("A;1;;;;;;");
        var closed = await Imports.StartAsync(file, path, Settings(file, Pipeline.WonStageId), Anna);
        Assert.Contains(closed.Errors, e => e.Field == nameof(LeadImportSettings.StageId) && e.MessageKey == "Import.Stage.NotOpen");
        var none = await Imports.StartAsync(file, path, Settings(file, null), Anna);
        Assert.Contains(none.Errors, e => e.Field == nameof(LeadImportSettings.StageId) && e.MessageKey == "Validation.Required");
    }

    [Fact]
    public async Task UpdateById_ThenUndo_RestoresTheDealAndRemovesTheCreatedOnes()
    {
        var existing = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Old title", 100m);

        var run = await ImportAsync(DuplicateRule.Update, rows:
        [
            $"New title;250;;;;;;{existing.Id}",
            "Brand new;10;;;;;;",
            "Nobody's id;10;;;;;;999999",
        ]);

        Assert.Equal((1, 1, 1), (run.Created, run.Updated, run.Failed));
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            var updated = await db.Deals.SingleAsync(d => d.Id == existing.Id);
            // Its data changed, its stage did not.
            Assert.Equal(("New title", 250m, Pipeline.NewStageId), (updated.Title, updated.Amount, updated.StageId));
        }

        var undone = await Imports.UndoAsync(run.Id, Anna);

        Assert.True(undone.IsOk);
        Assert.Equal((1, 1), (undone.Value!.Removed, undone.Value.Restored));
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            var restored = await db.Deals.SingleAsync(d => d.Id == existing.Id);
            Assert.Equal(("Old title", 100m), (restored.Title, restored.Amount));
            Assert.False(await db.Deals.AnyAsync(d => d.Title == "Brand new"));
        }
    }

    [Fact]
    public async Task Undo_RefusesWhenAnImportedDealWasMovedSince()
    {
        var run = await ImportAsync(rows: ["Moved later;10;;;;;;"]);
        var deal = Assert.Single(await DealsInProposalAsync());
        var moved = await Db.Deals.MoveAsync(new MoveDeal(deal.Id, Pipeline.NewStageId, deal.Version), Anna);
        Assert.True(moved.IsOk);

        var undone = await Imports.UndoAsync(run.Id, Anna);

        Assert.False(undone.IsOk);
        Assert.Equal(["Moved later"], undone.Value!.ChangedSince.Select(c => c.Name));
    }
}

public sealed class PostgresDealImportServiceTests(PostgresServer server) : DealImportServiceTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
