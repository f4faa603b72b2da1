using System.Globalization;
using CrmBlazor.Tests.Core.Leads;

namespace CrmBlazor.Tests.Core.CustomFields;

/// <summary>Custom fields: the settings rules, values on leads and deals, the list filter, and Complete lead carrying them.</summary>
public class CustomFieldServiceTests(TestDatabase? db = null) : LeadTest(db ?? new TestDatabase())
{
    private CustomFieldService Fields => Db.Get<CustomFieldService>();
    private LeadConversionService Conversions => Db.Get<LeadConversionService>();
    private Actor Admin { get; set; } = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Admin = await Db.AddUserAsync("Ada", CrmRoles.Admin);
    }

    private static CustomFieldInput Size(ElementKind kind = ElementKind.Lead) => new()
    {
        EntityKind = kind,
        Code = "size",
        Type = CustomFieldType.List,
        NameEn = "Size",
        NamePl = "Rozmiar",
        ShowInList = true,
        Options = [new(null, "Small"), new(null, "Large")],
    };

    private async Task<CustomFieldView> AddFieldAsync(CustomFieldInput input)
    {
        var result = await Fields.SaveAsync(null, 0, input, Admin);
        Assert.True(result.IsOk, string.Join(", ", result.Errors.Select(e => $"{e.Field} {e.MessageKey}")));
        return result.Value!;
    }

    [Fact]
    public async Task SaveAsync_NewListField_NormalizesTheCodeAndPublishes()
    {
        using var log = new EventLog(Db.Live);

        var field = await AddFieldAsync(Size());

        Assert.Equal("UF_SIZE", field.Code);
        Assert.Equal(["Small", "Large"], field.Options.Select(o => o.Label));
        var changed = Assert.IsType<CustomFieldsChanged>(Assert.Single(log.Events));
        Assert.Equal(ElementKind.Lead, changed.EntityKind);
    }

    [Fact]
    public async Task SaveAsync_BadDefinitions_ReportEachField()
    {
        await AddFieldAsync(Size());

        async Task AssertError(CustomFieldInput input, string field, string key)
        {
            var result = await Fields.SaveAsync(null, 0, input, Admin);
            Assert.Equal(ResultStatus.Invalid, result.Status);
            Assert.Contains(result.Errors, e => e.Field == field && e.MessageKey == key);
        }

        await AssertError(Size() with { Code = "UF_OTHER" }, "NameEn", "CustomField.NameExists");
        await AssertError(Size() with { Code = "UF_OTHER", NameEn = "Other" }, "NamePl", "CustomField.NameExists");
        await AssertError(Size() with { NameEn = "Other", NamePl = "Inny" }, "Code", "CustomField.CodeExists");
        await AssertError(Size() with { Code = " " }, "Code", "Validation.Required");
        await AssertError(Size() with { Code = "bad code!" }, "Code", "CustomField.CodeFormat");
        await AssertError(Size() with { Code = "UF_X", NameEn = " " }, "NameEn", "Validation.Required");
        await AssertError(Size() with { Code = "UF_X", NameEn = "X", NamePl = "X", Options = [] }, "Options", "CustomField.NeedsOptions");
        await AssertError(Size() with { Code = "UF_X", NameEn = "X", NamePl = "X", Options = [new(null, "A"), new(null, "a")] }, "Options[1]", "CustomField.OptionExists");
        await AssertError(Size() with { Code = "UF_X", NameEn = "X", NamePl = "X", Type = CustomFieldType.Number, DefaultValue = "abc", Options = [] }, "DefaultValue", "CustomField.BadDefault");
        await AssertError(Size() with { Code = "UF_X", NameEn = "X", NamePl = "X", Type = CustomFieldType.Text, IsMultiple = true }, "IsMultiple", "CustomField.MultipleOnlyList");
        // The same code on another kind of element is another field.
        await AddFieldAsync(Size(ElementKind.Deal));
    }

    [Fact]
    public async Task SaveAsync_SalesUserOrStaleVersion_IsRefused()
    {
        var field = await AddFieldAsync(Size());

        var bySales = await Fields.SaveAsync(null, 0, Size() with { Code = "UF_X", NameEn = "X", NamePl = "X" }, Anna);
        Assert.True((await Fields.SaveAsync(field.Id, field.Version, field.ToInput() with { NameEn = "Size (first)" }, Admin)).IsOk);
        var stale = await Fields.SaveAsync(field.Id, field.Version, field.ToInput() with { NameEn = "Size (second)" }, Admin);

        Assert.Equal(ResultStatus.Forbidden, bySales.Status);
        Assert.Equal(ResultStatus.Conflict, stale.Status);
        Assert.Equal("Size (first)", Assert.Single(await Fields.ListAsync(ElementKind.Lead)).NameEn);
    }

    [Fact]
    public async Task SaveAsync_TypeChangeWithValues_IsRefusedWithHowMany_AndCodeStaysFixed()
    {
        var empty = await AddFieldAsync(new CustomFieldInput { Code = "UF_NOTE", Type = CustomFieldType.Text, NameEn = "Note", NamePl = "Notatka" });
        var field = await AddFieldAsync(Size());
        await AddLeadAsync(Valid() with { Custom = new Dictionary<string, CustomValue> { ["UF_SIZE"] = new() { Options = [field.Options[0].Id] } } });

        var changeUsed = await Fields.SaveAsync(field.Id, field.Version, field.ToInput() with { Type = CustomFieldType.Text, Options = [] }, Admin);
        var changeEmpty = await Fields.SaveAsync(empty.Id, empty.Version, empty.ToInput() with { Type = CustomFieldType.LongText }, Admin);
        var recode = await Fields.SaveAsync(empty.Id, changeEmpty.Value!.Version, changeEmpty.Value.ToInput() with { Code = "UF_OTHER" }, Admin);

        var error = Assert.Single(changeUsed.Errors, e => e.Field == "Type");
        Assert.Equal(("Type", "CustomField.TypeInUse", 1), (error.Field, error.MessageKey, (int)error.Args[0]));
        Assert.Equal(CustomFieldType.LongText, changeEmpty.Value.Type);
        Assert.Contains(recode.Errors, e => e.Field == "Code" && e.MessageKey == "CustomField.CodeFixed");
    }

    [Fact]
    public async Task SaveAsync_RenamingAnOption_KeepsTheValues_AndAUsedOptionCannotBeRemoved()
    {
        var field = await AddFieldAsync(Size());
        var small = field.Options[0].Id;
        var lead = await AddLeadAsync(Valid() with { Custom = new Dictionary<string, CustomValue> { ["UF_SIZE"] = new() { Options = [small] } } });

        var renamed = await Fields.SaveAsync(field.Id, field.Version, field.ToInput() with { Options = [new(small, "Tiny"), new(field.Options[1].Id, "Large")] }, Admin);
        var removed = await Fields.SaveAsync(field.Id, renamed.Value!.Version, renamed.Value.ToInput() with { Options = [new(field.Options[1].Id, "Large")] }, Admin);

        Assert.Equal("Tiny", renamed.Value.Options[0].Label);
        Assert.Equal([small], (await Leads.GetAsync(lead.Id))!.Input.Custom["UF_SIZE"].Options);
        Assert.Contains(removed.Errors, e => e.MessageKey == "CustomField.OptionInUse" && (string)e.Args[0] == "Tiny");
    }

    [Fact]
    public async Task DeleteAsync_FieldInUse_AsksFirst_ThenDeletesItsValuesAndTheTimelineKeepsItsHistory()
    {
        var field = await AddFieldAsync(Size());
        var lead = await AddLeadAsync();
        var filled = await Leads.UpdateAsync(lead.Id, lead.Version, lead.Input with { Custom = new Dictionary<string, CustomValue> { ["UF_SIZE"] = new() { Options = [field.Options[1].Id] } } }, Anna);
        Assert.True(filled.IsOk);

        var asked = await Fields.DeleteAsync(field.Id, field.Version, confirmed: false, Admin);
        var deleted = await Fields.DeleteAsync(field.Id, field.Version, confirmed: true, Admin);

        Assert.Equal((ResultStatus.Conflict, "CustomField.InUse", 1), (asked.Status, asked.MessageKey, asked.Value));
        Assert.True(deleted.IsOk);
        Assert.Empty(await Fields.ListAsync(ElementKind.Lead));
        Assert.Empty((await Leads.GetAsync(lead.Id))!.Input.Custom);
        await using var context = await Db.Factory.CreateDbContextAsync();
        var entry = await context.TimelineEntries.SingleAsync(e => e.ElementId == lead.Id && e.ElementKind == ElementKind.Lead && e.Field == "UF_SIZE");
        Assert.Equal((null, "Large"), (entry.OldValue, entry.NewValue));
    }

    [Fact]
    public async Task MoveAsync_Down_ReordersTheFields()
    {
        var size = await AddFieldAsync(Size());
        await AddFieldAsync(new CustomFieldInput { Code = "UF_NOTE", Type = CustomFieldType.Text, NameEn = "Note", NamePl = "Notatka" });

        Assert.True((await Fields.MoveAsync(size.Id, +1, Admin)).IsOk);

        Assert.Equal(["UF_NOTE", "UF_SIZE"], (await Fields.ListAsync(ElementKind.Lead)).Select(f => f.Code));
    }

    [Fact]
    public async Task LeadCreate_BadCustomValues_AreKeyedByTheFieldCode()
    {
        await AddFieldAsync(Size() with { IsRequired = true });
        await AddFieldAsync(new CustomFieldInput { Code = "UF_SEATS", Type = CustomFieldType.Number, NameEn = "Seats", NamePl = "Miejsca" });
        await AddFieldAsync(new CustomFieldInput { Code = "UF_BUDGET", Type = CustomFieldType.Money, NameEn = "Budget", NamePl = "Budżet" });
        await AddFieldAsync(new CustomFieldInput { Code = "UF_SITE", Type = CustomFieldType.Url, NameEn = "Site", NamePl = "Strona" });
        await AddFieldAsync(new CustomFieldInput { Code = "UF_OWNER", Type = CustomFieldType.User, NameEn = "Owner", NamePl = "Opiekun" });
        await AddFieldAsync(new CustomFieldInput { Code = "UF_LINK", Type = CustomFieldType.Link, NameEn = "Link", NamePl = "Powiązanie" });

        var result = await Leads.CreateAsync(Valid() with
        {
            Custom = new Dictionary<string, CustomValue>
            {
                ["UF_SEATS"] = new() { Number = 1.23456m },
                ["UF_BUDGET"] = new() { Number = 10m, Currency = "XXX" },
                ["UF_SITE"] = new() { Text = "not a site" },
                ["UF_OWNER"] = new() { Text = "nobody" },
                ["UF_LINK"] = new() { Text = "deal:999999" },
                ["UF_NOPE"] = new() { Text = "?" },
            },
        }, Anna);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal(
            [("UF_BUDGET", "Validation.Currency"), ("UF_LINK", "Validation.NoLongerExists"), ("UF_NOPE", "CustomField.Unknown"), ("UF_OWNER", "Validation.NoLongerExists"),
                ("UF_SEATS", "Validation.MaxDecimals"), ("UF_SITE", "Validation.Website"), ("UF_SIZE", "Validation.Required")],
            result.Errors.Select(e => (e.Field, e.MessageKey)).Order());
    }

    [Fact]
    public async Task LeadCreateAndUpdate_ValuesAndDefaults_AreSavedReadAndWrittenOnTheTimeline()
    {
        var size = await AddFieldAsync(Size() with { Options = [new(null, "Small", IsDefault: true), new(null, "Large")] });
        await AddFieldAsync(new CustomFieldInput { Code = "UF_VIP", Type = CustomFieldType.YesNo, NameEn = "VIP", NamePl = "VIP", DefaultValue = "false" });
        await AddFieldAsync(new CustomFieldInput { Code = "UF_DUE", Type = CustomFieldType.Date, NameEn = "Due", NamePl = "Termin" });
        await AddFieldAsync(new CustomFieldInput { Code = "UF_OWNER", Type = CustomFieldType.User, NameEn = "Owner", NamePl = "Opiekun" });

        var lead = await AddLeadAsync(Valid() with { Custom = new Dictionary<string, CustomValue> { ["UF_OWNER"] = new() { Text = Piotr.UserId } } });
        var updated = await Leads.UpdateAsync(lead.Id, lead.Version, lead.Input with
        {
            Custom = new Dictionary<string, CustomValue> { ["UF_SIZE"] = new() { Options = [size.Options[1].Id] }, ["UF_DUE"] = new() { Date = new DateTime(2026, 12, 24, 15, 0, 0, DateTimeKind.Utc) } },
        }, Anna);

        Assert.Equal([size.Options[0].Id], lead.Input.Custom["UF_SIZE"].Options);
        Assert.Equal(false, lead.Input.Custom["UF_VIP"].Flag);
        var custom = updated.Value!.Input.Custom;
        Assert.Equal([size.Options[1].Id], custom["UF_SIZE"].Options);
        Assert.Equal(new DateTime(2026, 12, 24), custom["UF_DUE"].Date);
        Assert.Equal(Piotr.UserId, custom["UF_OWNER"].Text);
        Assert.True(updated.Value.Version > lead.Version);
        await using var context = await Db.Factory.CreateDbContextAsync();
        var entries = await context.TimelineEntries.Where(e => e.ElementId == lead.Id && e.ElementKind == ElementKind.Lead && e.Field!.StartsWith("UF_"))
            .OrderBy(e => e.Field).Select(e => new { e.Field, e.OldValue, e.NewValue }).ToListAsync();
        Assert.Equal([("UF_DUE", null, "2026-12-24"), ("UF_SIZE", "Small", "Large")], entries.Select(e => (e.Field!, e.OldValue, e.NewValue)));
    }

    [Fact]
    public async Task LeadList_FilteredByACustomField_FindsOnlyTheMatchingLeads()
    {
        var size = await AddFieldAsync(Size() with { IsMultiple = true });
        await AddFieldAsync(new CustomFieldInput { Code = "UF_SEATS", Type = CustomFieldType.Number, NameEn = "Seats", NamePl = "Miejsca" });
        await AddFieldAsync(new CustomFieldInput { Code = "UF_NOTE", Type = CustomFieldType.Text, NameEn = "Note", NamePl = "Notatka" });
        var seats = (await Fields.ListAsync(ElementKind.Lead)).Single(f => f.Code == "UF_SEATS");
        var note = (await Fields.ListAsync(ElementKind.Lead)).Single(f => f.Code == "UF_NOTE");
        await AddLeadAsync(Valid("Both") with { Custom = new Dictionary<string, CustomValue> { ["UF_SIZE"] = new() { Options = [size.Options[0].Id, size.Options[1].Id] }, ["UF_SEATS"] = new() { Number = 40 }, ["UF_NOTE"] = new() { Text = "Wants 100% Discount" } } });
        await AddLeadAsync(Valid("Small only") with { Custom = new Dictionary<string, CustomValue> { ["UF_SIZE"] = new() { Options = [size.Options[0].Id] }, ["UF_SEATS"] = new() { Number = 5 } } });
        await AddLeadAsync(Valid("None"));

        async Task<string[]> Titles(params CustomFieldFilter[] filters) =>
            [.. (await Leads.ListAsync(new LeadQuery { Custom = filters, SortBy = LeadSort.Title, Descending = false })).Items.Select(r => r.Title)];

        Assert.Equal(["Both", "Small only"], await Titles(new CustomFieldFilter(size.Id) { OptionId = size.Options[0].Id }));
        Assert.Equal(["Both"], await Titles(new CustomFieldFilter(size.Id) { OptionId = size.Options[1].Id }));
        Assert.Equal(["Small only"], await Titles(new CustomFieldFilter(size.Id) { OptionId = size.Options[0].Id }, new CustomFieldFilter(seats.Id) { NumberTo = 10 }));
        Assert.Equal(["Both"], await Titles(new CustomFieldFilter(note.Id) { Text = "100% disc" }));
        Assert.Empty(await Titles(new CustomFieldFilter(note.Id) { Text = "100_" }));
    }

    [Fact]
    public async Task LeadList_FiltersWrittenAsTheAddressKeepsThem_EveryFilterableType()
    {
        var size = await AddFieldAsync(Size());
        await AddFieldAsync(new CustomFieldInput { Code = "UF_SEATS", Type = CustomFieldType.Money, NameEn = "Budget", NamePl = "Budżet" });
        await AddFieldAsync(new CustomFieldInput { Code = "UF_VIP", Type = CustomFieldType.YesNo, NameEn = "VIP", NamePl = "VIP" });
        await AddFieldAsync(new CustomFieldInput { Code = "UF_DUE", Type = CustomFieldType.Date, NameEn = "Due", NamePl = "Termin" });
        await AddFieldAsync(new CustomFieldInput { Code = "UF_NOTE", Type = CustomFieldType.Text, NameEn = "Note", NamePl = "Notatka" });
        var fields = await Fields.ListAsync(ElementKind.Lead);
        int Id(string code) => fields.Single(f => f.Code == code).Id;
        await AddLeadAsync(Valid("Big") with { Custom = new Dictionary<string, CustomValue>
        {
            ["UF_SIZE"] = new() { Options = [size.Options[0].Id] }, ["UF_SEATS"] = new() { Number = 5000, Currency = "PLN" }, ["UF_VIP"] = new() { Flag = true },
            ["UF_DUE"] = new() { Date = new DateTime(2026, 12, 24) }, ["UF_NOTE"] = new() { Text = "Call after Christmas" },
        } });
        await AddLeadAsync(Valid("Small") with { Custom = new Dictionary<string, CustomValue>
        {
            ["UF_SIZE"] = new() { Options = [size.Options[1].Id] }, ["UF_SEATS"] = new() { Number = 50, Currency = "PLN" }, ["UF_VIP"] = new() { Flag = false },
            ["UF_DUE"] = new() { Date = new DateTime(2027, 1, 15) },
        } });

        async Task<string[]> Titles(int field, string text) =>
            [.. (await Leads.ListAsync(new LeadQuery { Custom = CustomFieldFilterText.Filters(fields, new Dictionary<int, string?> { [field] = text }), SortBy = LeadSort.Title, Descending = false }))
                .Items.Select(r => r.Title)];

        Assert.Equal(["Small"], await Titles(size.Id, size.Options[1].Id.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(["Big"], await Titles(Id("UF_SEATS"), "1000.5.."));
        Assert.Equal(["Small"], await Titles(Id("UF_SEATS"), "..50"));
        Assert.Equal(["Big", "Small"], await Titles(Id("UF_SEATS"), "50..5000"));
        Assert.Equal(["Big"], await Titles(Id("UF_VIP"), "yes"));
        Assert.Equal(["Small"], await Titles(Id("UF_VIP"), "no"));
        // A lead whose box was never ticked has no value: it reads as no, and "no" finds it.
        await AddLeadAsync(Valid("Unticked"));
        Assert.Equal(["Small", "Unticked"], await Titles(Id("UF_VIP"), "no"));
        Assert.Equal(["Big"], await Titles(Id("UF_VIP"), "yes"));
        Assert.Equal(["Big"], await Titles(Id("UF_DUE"), "2026-12-01..2026-12-24"));
        Assert.Equal(["Small"], await Titles(Id("UF_DUE"), "2027-01-15"));
        Assert.Equal(["Big"], await Titles(Id("UF_NOTE"), "CHRISTMAS"));
        // What does not fit its type is no filter: the whole list.
        foreach (var (code, text) in new[] { ("UF_SEATS", "lots"), ("UF_VIP", "maybe"), ("UF_DUE", "24.12.2026"), ("UF_SIZE", "999999") })
        {
            Assert.Empty(CustomFieldFilterText.Filters(fields, new Dictionary<int, string?> { [Id(code)] = text }));
        }
        Assert.Equal(("5", "7.5"), CustomFieldFilterText.Ends(CustomFieldFilterText.NumberRange(5, 7.5m)));
        Assert.Equal((new DateTime(2026, 1, 2), (DateTime?)null), CustomFieldFilterText.Days(CustomFieldFilterText.DayRange(new DateTime(2026, 1, 2), null)));
    }

    [Fact]
    public async Task DateTimeField_TheListShowsAndFiltersItInTheTeamsTime_TheTimelineInUtc()
    {
        // The team's zone is Europe/Warsaw (UTC+1 in December): 23:30 UTC on the 1st is 00:30 on the 2nd there.
        var call = await AddFieldAsync(new CustomFieldInput { Code = "UF_CALL", Type = CustomFieldType.DateTime, NameEn = "Call", NamePl = "Rozmowa", ShowInList = true });
        var fields = await Fields.ListAsync(ElementKind.Lead);
        var lead = await AddLeadAsync(Valid("Late call") with { Custom = new Dictionary<string, CustomValue> { ["UF_CALL"] = new() { Date = new DateTime(2026, 12, 1, 23, 30, 0, DateTimeKind.Utc) } } });
        var warsaw = CrmTime.FindZone("Europe/Warsaw");
        async Task<string[]> Titles(string days) =>
            [.. (await Leads.ListAsync(new LeadQuery { Custom = CustomFieldFilterText.Filters(fields, new Dictionary<int, string?> { [call.Id] = days }, warsaw) })).Items.Select(r => r.Title)];

        var row = (await Leads.ListAsync(new LeadQuery { Custom = CustomFieldFilterText.Filters(fields, new Dictionary<int, string?> { [call.Id] = "2026-12-02" }, warsaw) })).Items;

        Assert.Equal("2026-12-02 00:30", Assert.Single(row).Custom["UF_CALL"]);
        Assert.Equal(["Late call"], await Titles("2026-12-02"));
        Assert.Empty(await Titles("2026-12-01"));
        Assert.Equal(["Late call"], await Titles("2026-11-30..2026-12-02"));
        // The history keeps the instant, labelled.
        Assert.Equal("2026-12-01 23:30 UTC", CustomValueText.Format(call, new CustomValue { Date = new DateTime(2026, 12, 1, 23, 30, 0, DateTimeKind.Utc) }));
        Assert.NotNull(lead);
    }

    [Fact]
    public async Task CompleteAsync_LeadWithAListField_TheDealCarriesTheFieldOfTheSameCode()
    {
        var leadSize = await AddFieldAsync(Size());
        var dealSize = await AddFieldAsync(Size(ElementKind.Deal) with { Options = [new(null, "Large"), new(null, "Small")] });
        await AddFieldAsync(new CustomFieldInput { EntityKind = ElementKind.Deal, Code = "UF_SEATS", Type = CustomFieldType.Number, NameEn = "Seats", NamePl = "Miejsca", DefaultValue = "3" });
        var lead = await AddLeadAsync(Valid() with { Custom = new Dictionary<string, CustomValue> { ["UF_SIZE"] = new() { Options = [leadSize.Options[1].Id] } } });

        var proposal = (await Conversions.ProposeConversionAsync(lead.Id))!;
        var result = await Conversions.CompleteAsync(new CompleteLead(lead.Id, lead.Version, null, null, proposal.Deal with { StageId = Pipeline.NewStageId, Custom = new Dictionary<string, CustomValue>() }), Anna);

        Assert.Equal([dealSize.Options[0].Id], proposal.Deal.Custom["UF_SIZE"].Options);
        Assert.True(result.IsOk, string.Join(", ", result.Errors.Select(e => $"{e.Field} {e.MessageKey}")));
        var deal = (await Db.Deals.GetForEditAsync(result.Value!.DealId!.Value))!;
        Assert.Equal([dealSize.Options[0].Id], deal.Input.Custom["UF_SIZE"].Options);
        Assert.Equal(3m, deal.Input.Custom["UF_SEATS"].Number);
    }

    [Fact]
    public async Task DealUpdate_RequiredCustomFieldLeftEmpty_IsReportedByCode_AndAFilledOneIsSaved()
    {
        var card = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Fleet", 100m);
        await AddFieldAsync(new CustomFieldInput { EntityKind = ElementKind.Deal, Code = "UF_PO", Type = CustomFieldType.Text, NameEn = "Order number", NamePl = "Numer zamówienia", IsRequired = true });
        var deal = (await Db.Deals.GetForEditAsync(card.Id))!;

        var empty = await Db.Deals.UpdateAsync(deal.Id, deal.Version, deal.Input with { Custom = new Dictionary<string, CustomValue> { ["UF_PO"] = new() { Text = " " } } }, Anna);
        var filled = await Db.Deals.UpdateAsync(deal.Id, deal.Version, deal.Input with { Custom = new Dictionary<string, CustomValue> { ["UF_PO"] = new() { Text = "PO-7" } } }, Anna);

        Assert.Contains(empty.Errors, e => e.Field == "UF_PO" && e.MessageKey == "Validation.Required");
        Assert.True(filled.IsOk);
        Assert.Equal("PO-7", (await Db.Deals.GetForEditAsync(card.Id))!.Input.Custom["UF_PO"].Text);
    }

    [Fact]
    public async Task ContactSave_CustomValues_AreSavedReadAndWrittenOnTheTimeline()
    {
        var size = await AddFieldAsync(Size(ElementKind.Contact));
        await AddFieldAsync(new CustomFieldInput { EntityKind = ElementKind.Contact, Code = "UF_BIRTHDAY", Type = CustomFieldType.Date, NameEn = "Birthday", NamePl = "Urodziny" });
        var contacts = Db.Get<ContactService>();

        var created = await contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Ewa", Custom = new Dictionary<string, CustomValue> { ["UF_SIZE"] = new() { Options = [size.Options[0].Id] } } }, Anna);
        var details = (await contacts.GetAsync(created.Value!.Id))!;
        var updated = await contacts.SaveAsync(details.Id, details.Version, details.Input with
        {
            Custom = new Dictionary<string, CustomValue> { ["UF_SIZE"] = new() { Options = [size.Options[1].Id] }, ["UF_BIRTHDAY"] = new() { Date = new DateTime(1990, 5, 1, 0, 0, 0, DateTimeKind.Utc) } },
        }, Anna);

        Assert.True(updated.IsOk, string.Join(", ", updated.Errors.Select(e => $"{e.Field} {e.MessageKey}")));
        Assert.Equal([size.Options[0].Id], details.Input.Custom["UF_SIZE"].Options);
        var custom = (await contacts.GetAsync(details.Id))!.Input.Custom;
        Assert.Equal([size.Options[1].Id], custom["UF_SIZE"].Options);
        Assert.Equal(new DateTime(1990, 5, 1), custom["UF_BIRTHDAY"].Date);
        await using var context = await Db.Factory.CreateDbContextAsync();
        var entries = await context.TimelineEntries.Where(e => e.ElementId == details.Id && e.ElementKind == ElementKind.Contact && e.Field!.StartsWith("UF_"))
            .OrderBy(e => e.Field).Select(e => new { e.Field, e.OldValue, e.NewValue }).ToListAsync();
        Assert.Equal([("UF_BIRTHDAY", null, "1990-05-01"), ("UF_SIZE", "Small", "Large")], entries.Select(e => (e.Field!, e.OldValue, e.NewValue)));
    }

    [Fact]
    public async Task CompanySave_RequiredCustomFieldEmptyOrUnknownCode_IsReportedByCode_AndOnlyCustomChangesMoveTheVersion()
    {
        await AddFieldAsync(new CustomFieldInput { EntityKind = ElementKind.Company, Code = "UF_NIP", Type = CustomFieldType.Text, NameEn = "Tax ID", NamePl = "NIP", IsRequired = true });
        var companies = Db.Get<CompanyService>();

        var missing = await companies.SaveAsync(null, 0, new CompanyInput { Name = "Acme" }, Anna);
        var unknown = await companies.SaveAsync(null, 0, new CompanyInput { Name = "Acme", Custom = new Dictionary<string, CustomValue> { ["UF_NIP"] = new() { Text = "1" }, ["UF_NOPE"] = new() { Text = "x" } } }, Anna);
        var created = await companies.SaveAsync(null, 0, new CompanyInput { Name = "Acme", Custom = new Dictionary<string, CustomValue> { ["UF_NIP"] = new() { Text = "525-000-00-00" } } }, Anna);
        var details = (await companies.GetAsync(created.Value!.Id))!;
        var changed = await companies.SaveAsync(details.Id, details.Version, details.Input with { Custom = new Dictionary<string, CustomValue> { ["UF_NIP"] = new() { Text = "526" } } }, Anna);
        var stale = await companies.SaveAsync(details.Id, details.Version, details.Input, Anna);

        Assert.Contains(missing.Errors, e => e.Field == "UF_NIP" && e.MessageKey == "Validation.Required");
        Assert.Contains(unknown.Errors, e => e.Field == "UF_NOPE" && e.MessageKey == "CustomField.Unknown");
        Assert.Equal("525-000-00-00", details.Input.Custom["UF_NIP"].Text);
        Assert.True(changed.Value!.Version > details.Version);
        Assert.Equal(ResultStatus.Conflict, stale.Status);
        Assert.Equal("526", (await companies.GetAsync(details.Id))!.Input.Custom["UF_NIP"].Text);
    }

    [Fact]
    public async Task CompleteAsync_NewContactAndCompany_CarryTheLeadsFieldsOfTheSameCode_AndTheirRequiredFieldsAreChecked()
    {
        var leadSize = await AddFieldAsync(Size());
        var contactSize = await AddFieldAsync(Size(ElementKind.Contact) with { Options = [new(null, "Large"), new(null, "Small")] });
        var companySize = await AddFieldAsync(Size(ElementKind.Company));
        await AddFieldAsync(new CustomFieldInput { EntityKind = ElementKind.Company, Code = "UF_NIP", Type = CustomFieldType.Text, NameEn = "Tax ID", NamePl = "NIP", IsRequired = true });
        var lead = await AddLeadAsync(Valid() with { FirstName = "Jan", CompanyName = "Jan's", Custom = new Dictionary<string, CustomValue> { ["UF_SIZE"] = new() { Options = [leadSize.Options[1].Id] } } });
        var proposal = (await Conversions.ProposeConversionAsync(lead.Id))!;

        var refused = await Conversions.CompleteAsync(new CompleteLead(lead.Id, lead.Version, new ContactChoice(null, proposal.Contact), new CompanyChoice(null, proposal.Company), null), Anna);
        var done = await Conversions.CompleteAsync(new CompleteLead(lead.Id, lead.Version, new ContactChoice(null, proposal.Contact with { Custom = new Dictionary<string, CustomValue>() }),
            new CompanyChoice(null, proposal.Company with { Custom = new Dictionary<string, CustomValue> { ["UF_NIP"] = new() { Text = "777" } } }), null), Anna);

        Assert.Equal([contactSize.Options[0].Id], proposal.Contact.Custom["UF_SIZE"].Options);
        Assert.Contains(refused.Errors, e => e.Field == "Company.UF_NIP" && e.MessageKey == "Validation.Required");
        Assert.True(done.IsOk, string.Join(", ", done.Errors.Select(e => $"{e.Field} {e.MessageKey}")));
        var contact = (await Db.Get<ContactService>().GetAsync(done.Value!.ContactId!.Value))!;
        var company = (await Db.Get<CompanyService>().GetAsync(done.Value.CompanyId!.Value))!;
        Assert.Equal([contactSize.Options[0].Id], contact.Input.Custom["UF_SIZE"].Options);
        Assert.Equal([companySize.Options[1].Id], company.Input.Custom["UF_SIZE"].Options);
        Assert.Equal("777", company.Input.Custom["UF_NIP"].Text);
    }

    [Fact]
    public async Task ListColumns_ShownInListByDefault_ThenEachUsersOwnChoice_AndTheContactListCarriesAndFiltersThem()
    {
        var size = await AddFieldAsync(Size(ElementKind.Contact) with { ShowInList = true });
        await AddFieldAsync(new CustomFieldInput { EntityKind = ElementKind.Contact, Code = "UF_SEATS", Type = CustomFieldType.Number, NameEn = "Seats", NamePl = "Miejsca" });
        var columns = Db.Get<ListColumnService>();
        var contacts = Db.Get<ContactService>();
        await contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Big", Custom = new Dictionary<string, CustomValue> { ["UF_SIZE"] = new() { Options = [size.Options[1].Id] }, ["UF_SEATS"] = new() { Number = 12 } } }, Anna);
        await contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Small", Custom = new Dictionary<string, CustomValue> { ["UF_SIZE"] = new() { Options = [size.Options[0].Id] } } }, Anna);

        var byDefault = await columns.ColumnsAsync(Anna, ElementKind.Contact);
        var saved = await columns.SaveAsync(Anna, ElementKind.Contact, ["UF_SEATS", "UF_SIZE"]);
        var unknown = await columns.SaveAsync(Anna, ElementKind.Contact, ["UF_NOPE"]);
        var annas = await columns.ColumnsAsync(Anna, ElementKind.Contact);
        var piotrs = await columns.ColumnsAsync(Piotr, ElementKind.Contact);
        var page = await contacts.ListAsync(new ContactQuery { Columns = annas, Custom = [new CustomFieldFilter(size.Id) { OptionId = size.Options[1].Id }] });

        Assert.Equal(["UF_SIZE"], byDefault);
        Assert.True(saved.IsOk);
        Assert.Contains(unknown.Errors, e => e.Field == "UF_NOPE" && e.MessageKey == "CustomField.Unknown");
        Assert.Equal(["UF_SEATS", "UF_SIZE"], annas);
        Assert.Equal(["UF_SIZE"], piotrs);
        var row = Assert.Single(page.Items);
        Assert.Equal("Big", row.FirstName);
        Assert.Equal("Large", row.Custom["UF_SIZE"]);
        Assert.Equal("12", row.Custom["UF_SEATS"]);
    }
}

public sealed class PostgresCustomFieldServiceTests(PostgresServer server)
    : CustomFieldServiceTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
