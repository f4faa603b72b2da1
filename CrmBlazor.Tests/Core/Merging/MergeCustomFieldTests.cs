using CrmBlazor.Core.Merging;

namespace CrmBlazor.Tests.Core.Merging;

/// <summary>Custom field values in a merge: the chooser offers each field, and the value of the record chosen per field stays.</summary>
public class MergeCustomFieldTests(TestDatabase? db = null) : CoreTest(db)
{
    private MergeService Merge => Db.Get<MergeService>();
    private ContactService Contacts => Db.Get<ContactService>();

    [Fact]
    public async Task MergeContacts_ChosenCustomValueStays_OthersKeepTheSurvivors()
    {
        var admin = await Db.AddUserAsync("Ada", CrmRoles.Admin);
        foreach (var code in new[] { "vat", "note" })
        {
            var field = await Db.Get<CustomFieldService>().SaveAsync(null, 0, new CustomFieldInput
            {
                EntityKind = ElementKind.Contact, Code = code, Type = CustomFieldType.Text, NameEn = code, NamePl = code,
            }, admin);
            Assert.True(field.IsOk, string.Join(", ", field.Errors.Select(e => $"{e.Field} {e.MessageKey}")));
        }
        var keep = (await Contacts.SaveAsync(null, 0, new ContactInput
        {
            FirstName = "Jan", Custom = new Dictionary<string, CustomValue> { ["UF_VAT"] = new() { Text = "PL-1" }, ["UF_NOTE"] = new() { Text = "kept note" } },
        }, Anna)).Value!;
        var gone = (await Contacts.SaveAsync(null, 0, new ContactInput
        {
            FirstName = "Janek", Custom = new Dictionary<string, CustomValue> { ["UF_VAT"] = new() { Text = "PL-2" }, ["UF_NOTE"] = new() { Text = "gone note" } },
        }, Anna)).Value!;

        var candidates = await Merge.CandidatesAsync(ElementKind.Contact, [keep.Id, gone.Id], Manager);
        Assert.Equal(["PL-1", "PL-2"], candidates.Select(c => c.Values["UF_VAT"]));

        var merged = await Merge.MergeAsync(new MergeRequest(ElementKind.Contact, keep.Id, [gone.Id],
            candidates.ToDictionary(c => c.Id, c => c.Version),
            new Dictionary<string, int> { ["UF_VAT"] = gone.Id, ["UF_NOTE"] = keep.Id }), Manager);

        Assert.True(merged.IsOk, $"{merged.Status} {merged.MessageKey}");
        var details = (await Contacts.GetAsync(keep.Id))!;
        Assert.Equal("PL-2", details.Input.Custom["UF_VAT"].Text);
        Assert.Equal("kept note", details.Input.Custom["UF_NOTE"].Text);
        await using var check = await Db.Factory.CreateDbContextAsync();
        Assert.Equal(2, await check.Set<ContactFieldValue>().CountAsync());
    }

    [Fact]
    public async Task MergeAsync_UnknownCustomCode_IsRefused()
    {
        var a = (await Contacts.SaveAsync(null, 0, new ContactInput { FirstName = "A" }, Anna)).Value!;
        var b = (await Contacts.SaveAsync(null, 0, new ContactInput { FirstName = "B" }, Anna)).Value!;

        var merged = await Merge.MergeAsync(new MergeRequest(ElementKind.Contact, a.Id, [b.Id],
            new Dictionary<int, int> { [a.Id] = a.Version, [b.Id] = b.Version }, new Dictionary<string, int> { ["UF_NOPE"] = b.Id }), Manager);

        Assert.Equal("UF_NOPE", Assert.Single(merged.Errors).Field);
    }
}

public sealed class PostgresMergeCustomFieldTests(PostgresServer server)
    : MergeCustomFieldTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
