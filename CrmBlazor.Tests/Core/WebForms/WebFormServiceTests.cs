namespace CrmBlazor.Tests.Core.WebForms;

/// <summary>The form builder's rules, on a real database.</summary>
public class WebFormServiceTests : CoreTest
{
    public WebFormServiceTests() : base(new TestDatabase())
    {
    }

    protected WebFormServiceTests(TestDatabase db) : base(db)
    {
    }

    private WebFormService Forms => Db.Get<WebFormService>();

    private WebFormInput Valid(string slug = "contact") => new()
    {
        Name = "Contact",
        Slug = slug,
        Fields = [new(WebFormFieldKind.Email, "E-mail", "E-mail", Required: true)],
        ResponsibleUserIds = [Anna.UserId],
    };

    [Fact]
    public async Task CreateAsync_SalesUser_IsForbidden_ManagerMayAndSeesCounts()
    {
        Assert.Equal(ResultStatus.Forbidden, (await Forms.CreateAsync(Valid(), Anna)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Forms.ListAsync(Anna)).Status);

        var form = await Forms.CreateAsync(Valid(), Manager);
        await Db.Get<WebFormSubmissionService>().SubmitAsync(new WebFormSubmissionInput { Slug = "contact", Values = new Dictionary<string, string?> { ["email"] = "a@b.pl" } });

        Assert.True(form.IsOk);
        var row = Assert.Single((await Forms.ListAsync(Manager)).Value!);
        Assert.Equal((1, 1), (row.Submissions, row.NewLeads));
        Assert.Single((await Forms.SubmissionsAsync(form.Value!.Id, 0, 20, Manager)).Value!.Items);
    }

    public static TheoryData<Func<WebFormInput, WebFormInput>, string, string> BadInputs => new()
    {
        { i => i with { Slug = "Not A Slug" }, "Slug", "WebForm.SlugFormat" },
        { i => i with { Fields = [new(WebFormFieldKind.Name, "Name", "Imię")] }, "Fields", "WebForm.NeedsReachField" },
        { i => i with { Fields = [new(WebFormFieldKind.Email, "E-mail", "E-mail"), new(WebFormFieldKind.Email, "Mail", "Mail")] }, "Fields[1].Kind", "WebForm.FieldTwice" },
        { i => i with { Fields = [new(WebFormFieldKind.Email, "", "E-mail")] }, "Fields[0].LabelEn", "Validation.Required" },
        { i => i with { Fields = [.. i.Fields, new(WebFormFieldKind.Website, "W", "W", Hidden: true)] }, "Fields[1].HiddenValue", "Validation.Required" },
        { i => i with { ResponsibleUserIds = [] }, "ResponsibleUserIds", "WebForm.NeedsResponsible" },
        { i => i with { ResponsibleUserIds = ["nobody"] }, "ResponsibleUserIds", "Validation.NoLongerExists" },
        { i => i with { ConsentTextEn = "I agree" }, "ConsentTextPl", "WebForm.BothLanguages" },
        { i => i with { RedirectUrl = "javascript:alert(1)" }, "RedirectUrl", "WebForm.Url" },
        { i => i with { AllowedOrigins = "https://shop.example.com/path" }, "AllowedOrigins", "WebForm.Origin" },
        { i => i with { WidgetColor = "red;background:url(x)" }, "WidgetColor", "WebForm.Color" },
        { i => i with { ThankYouEn = "<b>Thanks</b>" }, "ThankYouEn", "WebForm.NoMarkup" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task CreateAsync_BadInput_ReportsTheField(Func<WebFormInput, WebFormInput> change, string field, string key)
    {
        var result = await Forms.CreateAsync(change(Valid()), Manager);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains(result.Errors, e => e.Field == field && e.MessageKey == key);
    }

    [Fact]
    public async Task SaveAsync_DealPipelineAndStage_MustBeAnOpenStageOfThatPipeline_AndAreKept()
    {
        await using var db = await Db.Factory.CreateDbContextAsync();
        var pipeline = await db.Pipelines.OrderBy(p => p.Sort).FirstAsync();
        var stages = await db.Stages.Where(s => s.PipelineId == pipeline.Id).OrderBy(s => s.Sort).ToListAsync();
        var open = stages.First(s => s.Kind == StageKind.Open);
        var won = stages.First(s => s.Kind == StageKind.Won);

        var noStage = await Forms.CreateAsync(Valid() with { DealPipelineId = pipeline.Id }, Manager);
        var closed = await Forms.CreateAsync(Valid() with { DealPipelineId = pipeline.Id, DealStageId = won.Id }, Manager);
        var unknown = await Forms.CreateAsync(Valid() with { DealPipelineId = 999_999, DealStageId = open.Id }, Manager);
        var saved = await Forms.CreateAsync(Valid() with { DealPipelineId = pipeline.Id, DealStageId = open.Id }, Manager);
        var none = await Forms.CreateAsync(Valid("no-deal") with { DealStageId = open.Id }, Manager);

        Assert.Contains(noStage.Errors, e => e.Field == "DealStageId" && e.MessageKey == "Validation.Required");
        Assert.Contains(closed.Errors, e => e.Field == "DealStageId" && e.MessageKey == "WebForm.DealStage");
        Assert.Contains(unknown.Errors, e => e.Field == "DealPipelineId" && e.MessageKey == "Validation.NoLongerExists");
        Assert.True(saved.IsOk);
        Assert.Equal((pipeline.Id, open.Id), (saved.Value!.Input.DealPipelineId, saved.Value.Input.DealStageId));
        Assert.Equal(((int?)null, (int?)null), (none.Value!.Input.DealPipelineId, none.Value.Input.DealStageId)); // a stage without a pipeline means no deal
    }

    [Fact]
    public async Task SaveAsync_CustomFields_OnlyLeadFieldsOfAPublicType_EachOnce_AndKept()
    {
        int text, user, contactField, list;
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            var fields = new[]
            {
                new CustomField { EntityKind = ElementKind.Lead, Code = "UF_NOTE", Type = CustomFieldType.Text, NameEn = "Note", NamePl = "Notatka" },
                new CustomField { EntityKind = ElementKind.Lead, Code = "UF_OWNER", Type = CustomFieldType.User, NameEn = "Owner", NamePl = "Opiekun" },
                new CustomField { EntityKind = ElementKind.Contact, Code = "UF_HOBBY", Type = CustomFieldType.Text, NameEn = "Hobby", NamePl = "Hobby" },
                new CustomField { EntityKind = ElementKind.Lead, Code = "UF_KIND", Type = CustomFieldType.List, NameEn = "Kind", NamePl = "Rodzaj", Options = [new() { Label = "A" }] },
            };
            db.CustomFields.AddRange(fields);
            await db.SaveChangesAsync();
            (text, user, contactField, list) = (fields[0].Id, fields[1].Id, fields[2].Id, fields[3].Id);
        }
        WebFormInput With(params WebFormFieldInput[] extra) => Valid() with { Fields = [.. Valid().Fields, .. extra] };
        WebFormFieldInput Custom(int? id, bool hidden = false, string? value = null) => new(WebFormFieldKind.Custom, "C", "C", Hidden: hidden, HiddenValue: value, CustomFieldId: id);

        Assert.Contains((await Forms.CreateAsync(With(Custom(null)), Manager)).Errors, e => e.Field == "Fields[1].CustomFieldId" && e.MessageKey == "Validation.Required");
        Assert.Contains((await Forms.CreateAsync(With(Custom(user)), Manager)).Errors, e => e.Field == "Fields[1].CustomFieldId" && e.MessageKey == "WebForm.CustomType");
        Assert.Contains((await Forms.CreateAsync(With(Custom(contactField)), Manager)).Errors, e => e.Field == "Fields[1].CustomFieldId" && e.MessageKey == "Validation.NoLongerExists");
        Assert.Contains((await Forms.CreateAsync(With(Custom(text), Custom(text)), Manager)).Errors, e => e.Field == "Fields[2].CustomFieldId" && e.MessageKey == "WebForm.FieldTwice");
        Assert.Contains((await Forms.CreateAsync(With(Custom(list, hidden: true, value: "A")), Manager)).Errors, e => e.Field == "Fields[1].Hidden" && e.MessageKey == "WebForm.CustomType");

        var saved = await Forms.CreateAsync(With(Custom(text), Custom(list)), Manager);
        Assert.True(saved.IsOk);
        Assert.Equal([text, list], saved.Value!.Input.Fields.Where(f => f.Kind == WebFormFieldKind.Custom).Select(f => f.CustomFieldId!.Value));
    }

    [Fact]
    public async Task SaveAsync_TakenSlugAndStaleVersion_AreRefused()
    {
        var form = (await Forms.CreateAsync(Valid(), Manager)).Value!;
        var other = (await Forms.CreateAsync(Valid("other"), Manager)).Value!;

        var taken = await Forms.UpdateAsync(other.Id, other.Version, Valid("contact"), Manager);
        Assert.True((await Forms.UpdateAsync(form.Id, form.Version, Valid() with { Name = "First", AllowedOrigins = "https://a.example.com\nhttps://a.example.com" }, Manager)).IsOk);
        var stale = await Forms.UpdateAsync(form.Id, form.Version, Valid() with { Name = "Second" }, Manager);

        Assert.Contains(taken.Errors, e => e.Field == "Slug" && e.MessageKey == "WebForm.SlugTaken");
        Assert.Equal(ResultStatus.Conflict, stale.Status);
        var saved = (await Forms.GetAsync(form.Id, Manager)).Value!.Input;
        Assert.Equal(("First", "https://a.example.com"), (saved.Name, saved.AllowedOrigins));
    }
}

public sealed class PostgresWebFormServiceTests(PostgresServer server) : WebFormServiceTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
