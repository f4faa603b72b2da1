using Microsoft.Extensions.Options;

namespace CrmBlazor.Tests.Core.WebForms;

/// <summary>What a visitor's submission does, on a real database.</summary>
public class WebFormSubmissionServiceTests : CoreTest
{
    public WebFormSubmissionServiceTests() : base(new TestDatabase())
    {
    }

    protected WebFormSubmissionServiceTests(TestDatabase db) : base(db)
    {
    }

    private WebFormService Forms => Db.Get<WebFormService>();
    private WebFormSubmissionService Submissions => Db.Get<WebFormSubmissionService>();

    private WebFormInput ContactForm(params Actor[] responsibles) => new()
    {
        Name = "Contact us",
        Slug = "contact-us",
        Fields =
        [
            new(WebFormFieldKind.Name, "Name", "Imię i nazwisko", Required: true),
            new(WebFormFieldKind.Email, "E-mail", "E-mail"),
            new(WebFormFieldKind.Phone, "Phone", "Telefon"),
            new(WebFormFieldKind.Company, "Company", "Firma"),
            new(WebFormFieldKind.Message, "Message", "Wiadomość"),
            new(WebFormFieldKind.Website, "Site", "Strona", Hidden: true, HiddenValue: "https://campaign.example.com"),
        ],
        ConsentTextEn = "I agree to be contacted.",
        ConsentTextPl = "Zgadzam się na kontakt.",
        PrivacyPolicyUrl = "https://example.com/privacy",
        ThankYouEn = "Thanks!",
        ThankYouPl = "Dzięki!",
        ResponsibleUserIds = (responsibles.Length == 0 ? [Anna] : responsibles).Select(a => a.UserId).ToList(),
    };

    private async Task<WebFormDetails> AddFormAsync(WebFormInput? input = null)
    {
        var result = await Forms.CreateAsync(input ?? ContactForm(), Manager);
        Assert.True(result.IsOk, string.Join(", ", result.Errors.Select(e => $"{e.Field} {e.MessageKey}")));
        return result.Value!;
    }

    private static WebFormSubmissionInput Visit(string slug = "contact-us", string email = "Jan.Kowalski@Example.pl", string? phone = null) => new()
    {
        Slug = slug,
        Values = new Dictionary<string, string?> { ["name"] = "Jan Kowalski", ["email"] = email, ["phone"] = phone, ["company"] = "Kowalski sp. z o.o.", ["message"] = "Please call me." },
        Consent = true,
        Language = "pl",
        Source = LeadSource.Widget,
        PageUrl = "https://shop.example.com/offer?x=1",
        Referrer = "https://www.google.com/",
        UtmSource = "google",
        UtmMedium = "cpc",
        UtmCampaign = "winter",
    };

    private async Task<WebFormSubmitted> SubmitOkAsync(WebFormSubmissionInput input)
    {
        var result = await Submissions.SubmitAsync(input);
        Assert.True(result.IsOk, $"{result.Status} {result.MessageKey} {string.Join(", ", result.Errors.Select(e => $"{e.Field} {e.MessageKey}"))}");
        return result.Value!;
    }

    [Fact]
    public async Task SubmitAsync_NewVisitor_MakesALeadWithItsOriginTimelineAndLogAndTellsTheResponsibleUser()
    {
        await AddFormAsync();
        using var log = new EventLog(Db.Live);

        var done = await SubmitOkAsync(Visit());

        Assert.Equal(WebFormOutcome.NewLead, done.Outcome);
        Assert.Equal("Dzięki!", done.ThankYou);
        await using var db = await Db.Factory.CreateDbContextAsync();
        var lead = await db.Leads.Include(l => l.Emails).SingleAsync();
        Assert.Equal(ElementRef.Lead(lead.Id), done.Element);
        Assert.Equal(("Jan", "Kowalski", "jan.kowalski@example.pl"), (lead.FirstName, lead.LastName, lead.Emails.Single().Address));
        Assert.Equal((LeadSource.Widget, LeadStatus.New, Anna.UserId), (lead.Source, lead.Status, lead.ResponsibleUserId));
        Assert.Equal(("Contact us", "https://shop.example.com/offer?x=1", "https://www.google.com/"), (lead.WebFormName, lead.PageUrl, lead.Referrer));
        Assert.Equal(("google", "cpc", "winter"), (lead.UtmSource, lead.UtmMedium, lead.UtmCampaign));
        Assert.Equal("https://campaign.example.com", lead.Website); // the hidden field's fixed value
        Assert.Equal("Please call me.", lead.Comment);
        Assert.Contains(await db.TimelineEntries.ToListAsync(), t => t.Element == ElementRef.Lead(lead.Id) && t.Kind == TimelineKind.Created);
        var row = await db.WebFormSubmissions.SingleAsync();
        Assert.Equal((WebFormOutcome.NewLead, ElementKind.Lead, lead.Id), (row.Outcome, row.ElementKind!.Value, row.ElementId!.Value));
        Assert.Equal(("Zgadzam się na kontakt.", Db.Clock.Now.UtcDateTime), (row.ConsentText, row.ConsentAt));
        var change = Assert.IsType<LeadChanged>(Assert.Single(log.Events));
        Assert.Contains(LiveTopics.User(Anna.UserId), change.Topics);
        Assert.Equal("Contact us", change.ActorName);
    }

    public static TheoryData<string, string?, string, string> BadValues => new()
    {
        { "name", "", "name", "Validation.Required" },
        { "email", "not-an-email", "email", "Validation.Email" },
        { "phone", "12", "phone", "Validation.Phone" },
        { "message", new string('x', LeadRules.CommentMaxLength + 1), "message", "Validation.MaxLength" },
        { "company", "<script>alert(1)</script>", "company", "WebForm.NoMarkup" },
        { "email", "", "email", "WebForm.NeedsReach" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task SubmitAsync_BadValue_ReportsThatFieldAndSavesNothing(string key, string? value, string field, string message)
    {
        await AddFormAsync();
        var values = new Dictionary<string, string?>(Visit().Values) { [key] = value };

        var result = await Submissions.SubmitAsync(Visit() with { Values = values });

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains(result.Errors, e => e.Field == field && e.MessageKey == message);
        await using var db = await Db.Factory.CreateDbContextAsync();
        Assert.Equal((0, 0), (await db.Leads.CountAsync(), await db.WebFormSubmissions.CountAsync()));
    }

    [Fact]
    public async Task SubmitAsync_NoConsent_IsRefusedOnTheConsentField()
    {
        await AddFormAsync();

        var result = await Submissions.SubmitAsync(Visit() with { Consent = false });

        Assert.Contains(result.Errors, e => e.Field == "consent" && e.MessageKey == "WebForm.ConsentRequired");
    }

    [Fact]
    public async Task SubmitAsync_UnknownOrInactiveForm_IsNotFound()
    {
        await AddFormAsync(ContactForm() with { IsActive = false });

        Assert.Equal(ResultStatus.NotFound, (await Submissions.SubmitAsync(Visit())).Status);
        Assert.Equal(ResultStatus.NotFound, (await Submissions.SubmitAsync(Visit("nope"))).Status);
        Assert.Null(await Submissions.GetPublicAsync("contact-us", "en"));
    }

    [Fact]
    public async Task SubmitAsync_OtherPostedNamesAndHiddenFieldValues_AreIgnored()
    {
        await AddFormAsync();
        var values = new Dictionary<string, string?>(Visit().Values)
        {
            ["website"] = "https://attacker.example.com",
            ["status"] = "Converted",
            ["responsibleuserid"] = Piotr.UserId,
            ["Source"] = "Manual",
        };

        await SubmitOkAsync(Visit() with { Values = values });

        await using var db = await Db.Factory.CreateDbContextAsync();
        var lead = await db.Leads.SingleAsync();
        Assert.Equal(("https://campaign.example.com", LeadStatus.New, Anna.UserId, LeadSource.Widget), (lead.Website, lead.Status, lead.ResponsibleUserId, lead.Source));
    }

    [Fact]
    public async Task SubmitAsync_VisitorIsAContact_AddsAnActivityOnItsTimelineInsteadOfALead()
    {
        await AddFormAsync();
        var contact = await Db.Get<ContactService>().SaveAsync(null, 0,
            new ContactInput { FirstName = "Jan", LastName = "Kowalski", Emails = [new EmailInput("jan.kowalski@example.pl")], ResponsibleUserId = Piotr.UserId }, Piotr);
        Assert.True(contact.IsOk);

        var done = await SubmitOkAsync(Visit(email: "JAN.KOWALSKI@example.pl"));

        Assert.Equal(WebFormOutcome.AddedToContact, done.Outcome);
        await using var db = await Db.Factory.CreateDbContextAsync();
        Assert.Equal(0, await db.Leads.CountAsync());
        var activity = await db.Activities.SingleAsync();
        Assert.Equal((ElementKind.Contact, Piotr.UserId, ActivityState.Planned), (activity.ElementKind, activity.ResponsibleUserId, activity.State));
        Assert.Contains("Please call me.", activity.Description);
        Assert.Contains(await db.TimelineEntries.ToListAsync(), t => t.Element == activity.Element && t.Kind == TimelineKind.ActivityPlanned);
        Assert.Equal(activity.Element, done.Element);
    }

    [Fact]
    public async Task SubmitAsync_VisitorIsAnOpenLeadByPhone_AddsToIt_ButNotToAClosedOne()
    {
        await AddFormAsync();
        var first = await SubmitOkAsync(Visit(email: "", phone: "601 234 567") with { Values = new Dictionary<string, string?> { ["name"] = "Ewa Nowak", ["phone"] = "601 234 567" } });

        var second = await SubmitOkAsync(Visit() with { Values = new Dictionary<string, string?> { ["name"] = "Ewa Nowak", ["phone"] = "+48 601-234-567" } });
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            var lead = await db.Leads.SingleAsync();
            lead.Status = LeadStatus.Junk;
            await db.SaveChangesAsync();
        }
        var third = await SubmitOkAsync(Visit() with { Values = new Dictionary<string, string?> { ["name"] = "Ewa Nowak", ["phone"] = "0048601234567" } });

        Assert.Equal((WebFormOutcome.NewLead, WebFormOutcome.AddedToLead, WebFormOutcome.NewLead), (first.Outcome, second.Outcome, third.Outcome));
        Assert.Equal(first.Element, second.Element);
    }

    /// <summary>The default pipeline and its second open stage (not the first, so the form's choice is what counts).</summary>
    private async Task<(int PipelineId, int StageId)> DealStageAsync()
    {
        await using var db = await Db.Factory.CreateDbContextAsync();
        var pipeline = await db.Pipelines.OrderByDescending(p => p.IsDefault).ThenBy(p => p.Sort).FirstAsync();
        var stage = await db.Stages.Where(s => s.PipelineId == pipeline.Id && s.Kind == StageKind.Open).OrderBy(s => s.Sort).Skip(1).FirstAsync();
        return (pipeline.Id, stage.Id);
    }

    [Fact]
    public async Task SubmitAsync_FormWithADeal_MakesTheDealInItsStage_LinkedToTheNewLead_AndTheBoardHearsIt()
    {
        var (pipelineId, stageId) = await DealStageAsync();
        var form = await AddFormAsync(ContactForm() with { DealPipelineId = pipelineId, DealStageId = stageId });
        using var log = new EventLog(Db.Live);

        var done = await SubmitOkAsync(Visit());

        await using var db = await Db.Factory.CreateDbContextAsync();
        var lead = await db.Leads.SingleAsync();
        var deal = await db.Deals.SingleAsync();
        Assert.Equal(deal.Id, done.DealId);
        Assert.Equal((pipelineId, stageId, Anna.UserId, 0m), (deal.PipelineId, deal.StageId, deal.ResponsibleUserId, deal.Amount));
        Assert.Equal("Contact us: Jan Kowalski", deal.Title);
        Assert.Equal(StageKind.Open, (await db.Stages.SingleAsync(s => s.Id == deal.StageId)).Kind);
        Assert.Single(await db.DealStageChanges.Where(c => c.DealId == deal.Id).ToListAsync());
        var created = await db.TimelineEntries.SingleAsync(t => t.ElementKind == ElementKind.Deal && t.ElementId == deal.Id && t.Kind == TimelineKind.Created);
        Assert.Equal(("Lead", lead.Id, (string?)null), (created.RelatedKind, created.RelatedId, created.AuthorId));
        Assert.Equal(deal.Id, (await db.WebFormSubmissions.SingleAsync()).DealId);
        var dealEvent = Assert.Single(log.Events.OfType<DealChanged>());
        Assert.Equal(DealChangeKind.Created, dealEvent.Kind);
        Assert.Contains(LiveTopics.Pipeline(pipelineId), dealEvent.Topics);
        Assert.Single(log.Events.OfType<LeadChanged>());

        var row = Assert.Single((await Forms.ListAsync(Manager)).Value!);
        Assert.Equal((1, 1), (row.NewLeads, row.Deals));
        var logged = Assert.Single((await Forms.SubmissionsAsync(form.Id, 0, 10, Manager)).Value!.Items);
        Assert.Equal((deal.Id, deal.Title), (logged.DealId, logged.DealTitle));
    }

    [Fact]
    public async Task SubmitAsync_FormWithADeal_KnownContact_GetsTheActivityAndADealOfTheirs_InTheFirstOpenStageWhenTheChosenOneClosed()
    {
        var (pipelineId, stageId) = await DealStageAsync();
        await AddFormAsync(ContactForm() with { DealPipelineId = pipelineId, DealStageId = stageId });
        var company = await Db.Get<CompanyService>().SaveAsync(null, 0, new CompanyInput { Name = "Kowalski sp. z o.o.", ResponsibleUserId = Piotr.UserId }, Piotr);
        var contact = await Db.Get<ContactService>().SaveAsync(null, 0,
            new ContactInput { FirstName = "Jan", LastName = "Kowalski", CompanyId = company.Value!.Id, Emails = [new EmailInput("jan.kowalski@example.pl")], ResponsibleUserId = Piotr.UserId }, Piotr);
        Assert.True(contact.IsOk);
        int firstOpen;
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            // The chosen stage became a closed one after the form was saved: the deal goes to the first open stage.
            var stage = await db.Stages.SingleAsync(s => s.Id == stageId);
            stage.Kind = StageKind.Lost;
            await db.SaveChangesAsync();
            firstOpen = await db.Stages.Where(s => s.PipelineId == pipelineId && s.Kind == StageKind.Open).OrderBy(s => s.Sort).Select(s => s.Id).FirstAsync();
        }

        var done = await SubmitOkAsync(Visit());

        Assert.Equal(WebFormOutcome.AddedToContact, done.Outcome);
        await using var check = await Db.Factory.CreateDbContextAsync();
        Assert.Equal(0, await check.Leads.CountAsync());
        var deal = await check.Deals.SingleAsync();
        Assert.Equal((contact.Value!.Id, company.Value!.Id, Piotr.UserId, firstOpen), (deal.ContactId!.Value, deal.CompanyId!.Value, deal.ResponsibleUserId, deal.StageId));
        Assert.Single(await check.Activities.ToListAsync());
    }

    [Fact]
    public async Task SubmitAsync_FormWithADeal_Spam_MakesNoDeal()
    {
        var (pipelineId, stageId) = await DealStageAsync();
        await AddFormAsync(ContactForm() with { DealPipelineId = pipelineId, DealStageId = stageId });

        await SubmitOkAsync(Visit() with { Honeypot = "http://spam.example.com" });

        await using var db = await Db.Factory.CreateDbContextAsync();
        Assert.Equal(0, await db.Deals.CountAsync());
        Assert.Null((await db.WebFormSubmissions.SingleAsync()).DealId);
    }

    /// <summary>Lead custom fields a form can fill: a number, a list of one choice, a yes/no and a date.</summary>
    private async Task<(CustomField Budget, CustomField Size, CustomField Newsletter, CustomField Visit)> CustomFieldsAsync()
    {
        await using var db = await Db.Factory.CreateDbContextAsync();
        var budget = new CustomField { EntityKind = ElementKind.Lead, Code = "UF_BUDGET", Type = CustomFieldType.Number, NameEn = "Budget", NamePl = "Budżet" };
        var size = new CustomField
        {
            EntityKind = ElementKind.Lead, Code = "UF_SIZE", Type = CustomFieldType.List, NameEn = "Team size", NamePl = "Wielkość zespołu", Sort = 1,
            Options = [new() { Label = "1-10", Sort = 0 }, new() { Label = "11-50", Sort = 1 }],
        };
        var newsletter = new CustomField { EntityKind = ElementKind.Lead, Code = "UF_NEWS", Type = CustomFieldType.YesNo, NameEn = "Newsletter", NamePl = "Newsletter", Sort = 2 };
        var visit = new CustomField { EntityKind = ElementKind.Lead, Code = "UF_VISIT", Type = CustomFieldType.Date, NameEn = "Visit", NamePl = "Wizyta", Sort = 3 };
        db.CustomFields.AddRange(budget, size, newsletter, visit);
        await db.SaveChangesAsync();
        return (budget, size, newsletter, visit);
    }

    private WebFormInput WithCustom(CustomField budget, CustomField size, CustomField newsletter, CustomField visit) => ContactForm() with
    {
        Fields =
        [
            .. ContactForm().Fields,
            new(WebFormFieldKind.Custom, "Budget", "Budżet", Required: true, CustomFieldId: budget.Id),
            new(WebFormFieldKind.Custom, "Team size", "Wielkość zespołu", CustomFieldId: size.Id),
            new(WebFormFieldKind.Custom, "Send me news", "Wysyłajcie mi nowości", CustomFieldId: newsletter.Id),
            new(WebFormFieldKind.Custom, "Visit", "Wizyta", Hidden: true, HiddenValue: "2026-12-24", CustomFieldId: visit.Id),
        ],
    };

    [Fact]
    public async Task SubmitAsync_CustomFields_AreShownByTypeAndStoredOnTheNewLead()
    {
        var (budget, size, newsletter, visit) = await CustomFieldsAsync();
        await AddFormAsync(WithCustom(budget, size, newsletter, visit));
        var chosen = size.Options.Single(o => o.Label == "11-50").Id;

        var shown = (await Submissions.GetPublicAsync("contact-us", "pl"))!;
        var fields = shown.Fields.ToDictionary(f => f.Key);
        Assert.Equal(("text", "select", "checkbox"), (fields[$"cf_{budget.Id}"].InputType, fields[$"cf_{size.Id}"].InputType, fields[$"cf_{newsletter.Id}"].InputType));
        Assert.Equal(["1-10", "11-50"], fields[$"cf_{size.Id}"].Options!.Select(o => o.Label));
        Assert.Equal("Wielkość zespołu", fields[$"cf_{size.Id}"].Label);
        Assert.DoesNotContain($"cf_{visit.Id}", fields.Keys); // hidden

        var values = new Dictionary<string, string?>(Visit().Values)
        {
            [$"cf_{budget.Id}"] = "12 500,50", [$"cf_{size.Id}"] = chosen.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"cf_{newsletter.Id}"] = "on", [$"cf_{visit.Id}"] = "1999-01-01", // a hidden field keeps its fixed value
        };
        var done = await SubmitOkAsync(Visit() with { Values = values });

        await using var db = await Db.Factory.CreateDbContextAsync();
        var rows = await db.Set<LeadFieldValue>().Where(v => v.LeadId == done.Element!.Value.Id).ToListAsync();
        Assert.Equal(12500.50m, rows.Single(r => r.FieldId == budget.Id).Number);
        Assert.Equal(chosen, rows.Single(r => r.FieldId == size.Id).OptionId);
        Assert.Contains(rows, r => r.FieldId == newsletter.Id);
        Assert.Equal(new DateTime(2026, 12, 24), rows.Single(r => r.FieldId == visit.Id).Date);
    }

    public static TheoryData<string, string?, string> BadCustomValues => new()
    {
        { "budget", "", "Validation.Required" },
        { "budget", "a lot", "CustomField.NotANumber" },
        { "size", "999999", "Validation.NoLongerExists" },
        { "size", "<b>1</b>", "WebForm.NoMarkup" },
    };

    [Theory]
    [MemberData(nameof(BadCustomValues))]
    public async Task SubmitAsync_BadCustomValue_ReportsThatFieldAndSavesNothing(string which, string? value, string message)
    {
        var (budget, size, newsletter, visit) = await CustomFieldsAsync();
        await AddFormAsync(WithCustom(budget, size, newsletter, visit));
        var key = $"cf_{(which == "budget" ? budget.Id : size.Id)}";
        var values = new Dictionary<string, string?>(Visit().Values) { [$"cf_{budget.Id}"] = "100", [key] = value };

        var result = await Submissions.SubmitAsync(Visit() with { Values = values });

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains(result.Errors, e => e.Field == key && e.MessageKey == message);
        await using var db = await Db.Factory.CreateDbContextAsync();
        Assert.Equal(0, await db.Leads.CountAsync());
    }

    [Fact]
    public async Task SubmitAsync_AlwaysNewLeadForm_MakesALeadEvenForAKnownVisitor()
    {
        await AddFormAsync(ContactForm() with { DuplicateMode = WebFormDuplicateMode.AlwaysNewLead });

        await SubmitOkAsync(Visit());
        var second = await SubmitOkAsync(Visit());

        Assert.Equal(WebFormOutcome.NewLead, second.Outcome);
        await using var db = await Db.Factory.CreateDbContextAsync();
        Assert.Equal(2, await db.Leads.CountAsync());
    }

    [Fact]
    public async Task SubmitAsync_SeveralResponsibleUsers_TakeTurnsAcrossRestarts()
    {
        await AddFormAsync(ContactForm(Anna, Piotr, Manager) with { DuplicateMode = WebFormDuplicateMode.AlwaysNewLead });

        await SubmitOkAsync(Visit());
        await SubmitOkAsync(Visit());
        // A new service over the same database, as after a restart or on another server, continues the turn.
        var restarted = new WebFormSubmissionService(Db.Factory, Db.Live, Db.Clock, Db.Get<DuplicateFinder>(), Db.Get<IOptions<CrmBlazor.Core.CrmOptions>>(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<WebFormSubmissionService>.Instance);
        Assert.True((await restarted.SubmitAsync(Visit())).IsOk);
        await SubmitOkAsync(Visit());

        await using var db = await Db.Factory.CreateDbContextAsync();
        var owners = await db.Leads.OrderBy(l => l.Id).Select(l => l.ResponsibleUserId).ToListAsync();
        Assert.Equal([Anna.UserId, Piotr.UserId, Manager.UserId, Anna.UserId], owners);
    }

    [Fact]
    public async Task SubmitAsync_ManyAtOnce_EachTakesItsOwnTurn()
    {
        await AddFormAsync(ContactForm(Anna, Piotr) with { DuplicateMode = WebFormDuplicateMode.AlwaysNewLead });

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => Submissions.SubmitAsync(Visit()))));

        Assert.All(results, r => Assert.True(r.IsOk, r.MessageKey));
        await using var db = await Db.Factory.CreateDbContextAsync();
        var owners = await db.Leads.GroupBy(l => l.ResponsibleUserId).Select(g => g.Count()).ToListAsync();
        Assert.Equal([3, 3], owners);
    }

    [Fact]
    public async Task SubmitAsync_TakingTurns_LeavesTheFormsVersion_SoAManagerEditingItIsNotRefused()
    {
        var form = await AddFormAsync(ContactForm(Anna, Piotr) with { DuplicateMode = WebFormDuplicateMode.AlwaysNewLead });

        await SubmitOkAsync(Visit());
        await SubmitOkAsync(Visit());
        var edited = await Forms.UpdateAsync(form.Id, form.Version, ContactForm(Anna, Piotr) with { Name = "Contact us now", DuplicateMode = WebFormDuplicateMode.AlwaysNewLead }, Manager);

        Assert.True(edited.IsOk, edited.MessageKey);
        await SubmitOkAsync(Visit());
        await using var db = await Db.Factory.CreateDbContextAsync();
        var owners = await db.Leads.OrderBy(l => l.Id).Select(l => l.ResponsibleUserId).ToListAsync();
        Assert.Equal([Anna.UserId, Piotr.UserId, Anna.UserId], owners); // the same users: the turn goes on
    }

    [Fact]
    public async Task SubmitAsync_HoneypotOrTooFast_MakesNothingButLogsSpam()
    {
        await AddFormAsync();

        var honeypot = await SubmitOkAsync(Visit() with { Honeypot = "http://spam.example.com" });
        var tooFast = await SubmitOkAsync(Visit() with { ShownAt = Db.Clock.Now.UtcDateTime.AddSeconds(-1) });
        var person = await SubmitOkAsync(Visit() with { ShownAt = Db.Clock.Now.UtcDateTime.AddSeconds(-20) });

        Assert.Equal((WebFormOutcome.Spam, WebFormOutcome.Spam, WebFormOutcome.NewLead), (honeypot.Outcome, tooFast.Outcome, person.Outcome));
        await using var db = await Db.Factory.CreateDbContextAsync();
        Assert.Equal(1, await db.Leads.CountAsync());
        Assert.Equal(2, await db.WebFormSubmissions.CountAsync(s => s.Outcome == WebFormOutcome.Spam));
    }

    [Fact]
    public async Task SubmitAsync_DatabaseBusy_RetriesAndSavesOnce_OrRefusesWithAMessage()
    {
        await AddFormAsync();
        var failures = 2;
        Db.Commands.Failure = () => new TimeoutException("busy");
        Db.Commands.FailWhen = sql => sql.Contains("INSERT INTO \"WebFormSubmissions\"", StringComparison.Ordinal) && Interlocked.Decrement(ref failures) >= 0;

        var retried = await Submissions.SubmitAsync(Visit());
        Db.Commands.FailWhen = sql => sql.Contains("INSERT INTO \"WebFormSubmissions\"", StringComparison.Ordinal);
        var refused = await Submissions.SubmitAsync(Visit());
        Db.Commands.FailWhen = null;

        Assert.True(retried.IsOk);
        Assert.Equal((ResultStatus.Conflict, "WebForm.Busy"), (refused.Status, refused.MessageKey));
        await using var db = await Db.Factory.CreateDbContextAsync();
        Assert.Equal((1, 1), (await db.Leads.CountAsync(), await db.WebFormSubmissions.CountAsync()));
    }

    [Fact]
    public async Task GetPublicAsync_ShowsVisibleFieldsInTheVisitorsLanguage()
    {
        await AddFormAsync();

        var pl = (await Submissions.GetPublicAsync("contact-us", "pl"))!;
        var en = (await Submissions.GetPublicAsync("contact-us", "de"))!;

        Assert.Equal(["name", "email", "phone", "company", "message"], pl.Fields.Select(f => f.Key));
        Assert.Equal(("Imię i nazwisko", "Zgadzam się na kontakt."), (pl.Fields[0].Label, pl.ConsentText));
        Assert.Equal(("Name", "en"), (en.Fields[0].Label, en.Language));
    }
}

public sealed class PostgresWebFormSubmissionServiceTests(PostgresServer server) : WebFormSubmissionServiceTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
