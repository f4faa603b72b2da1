namespace CrmBlazor.Tests.Core.Mail;

/// <summary>
/// E-mail templates and the body's formatting: who keeps and uses which template, placeholders filled from the element
/// and the sending user (those without a value reported, never sent), and Markdown turned into sanitized HTML.
/// </summary>
public class MailTemplateTests(TestDatabase? db = null) : CoreTest(db)
{
    private MailTemplateService Templates => Db.Get<MailTemplateService>();
    protected Actor Admin { get; private set; } = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Admin = await Db.AddUserAsync("Ada", CrmRoles.Admin);
    }

    private static MailTemplateInput Input(string name, string body, string subject = "Hello", bool shared = false) =>
        new() { Name = name, Subject = subject, Body = body, Shared = shared };

    [Fact]
    public async Task Save_RefusesUnknownPlaceholders_MissingFields_AndADuplicateName_NextToTheirFields()
    {
        var unknown = await Templates.SaveAsync(null, 0, Input("Offer", "Dear {{contact.firstName}}, {{contact.shoeSize}}", subject: "{{deal.colour}}"), Anna);
        Assert.Equal(ResultStatus.Invalid, unknown.Status);
        Assert.Contains(unknown.Errors, e => e.Field == "Body" && e.MessageKey == "MailTemplates.UnknownPlaceholder" && (string)e.Args[0] == "{{contact.shoeSize}}");
        Assert.Contains(unknown.Errors, e => e.Field == "Subject" && (string)e.Args[0] == "{{deal.colour}}");

        var empty = await Templates.SaveAsync(null, 0, Input(" ", ""), Anna);
        Assert.Equal(["Body", "Name"], empty.Errors.Select(e => e.Field).Order());

        Assert.True((await Templates.SaveAsync(null, 0, Input("Offer", "Dear {{ contact.firstName }}"), Anna)).IsOk);
        var twice = await Templates.SaveAsync(null, 0, Input("Offer", "Again"), Anna);
        Assert.Contains(twice.Errors, e => e.Field == "Name" && e.MessageKey == "MailTemplates.Exists");
        // Another user's personal template may have the same name.
        Assert.True((await Templates.SaveAsync(null, 0, Input("Offer", "Mine"), Piotr)).IsOk);
    }

    [Fact]
    public async Task SharedTemplates_AreAdmins_ToManage_AndEveryones_ToUse_PersonalOnes_TheirOwners_Alone()
    {
        Assert.Equal(ResultStatus.Forbidden, (await Templates.SaveAsync(null, 0, Input("Team", "Hi", shared: true), Anna)).Status);
        var shared = (await Templates.SaveAsync(null, 0, Input("Team", "Hi {{element.name}}", shared: true), Admin)).Value!;
        var annas = (await Templates.SaveAsync(null, 0, Input("Anna's", "Hi"), Anna)).Value!;

        Assert.Equal(["Team", "Anna's"], (await Templates.ListAsync(Anna)).Select(t => t.Name));
        Assert.Equal(["Team"], (await Templates.ListAsync(Piotr)).Select(t => t.Name));
        Assert.False((await Templates.ListAsync(Anna)).Single(t => t.Shared).MayEdit);
        Assert.Equal(ResultStatus.Forbidden, (await Templates.SaveAsync(shared.Id, shared.Version, Input("Team", "Changed"), Anna)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Templates.DeleteAsync(shared.Id, Anna)).Status);
        Assert.Equal(ResultStatus.NotFound, (await Templates.SaveAsync(annas.Id, annas.Version, Input("Piotr's now", "Hi"), Piotr)).Status);
        Assert.Equal(ResultStatus.NotFound, (await Templates.DeleteAsync(annas.Id, Piotr)).Status);
        var lead = await LeadAsync();
        Assert.Equal(ResultStatus.NotFound, (await Templates.FillAsync(annas.Id, ElementRef.Lead(lead), Piotr)).Status);

        // Editing is version-checked.
        var edited = await Templates.SaveAsync(annas.Id, annas.Version, Input("Anna's", "Hello"), Anna);
        Assert.True(edited.IsOk);
        Assert.Equal(ResultStatus.Conflict, (await Templates.SaveAsync(annas.Id, annas.Version, Input("Anna's", "Stale"), Anna)).Status);
        Assert.True((await Templates.DeleteAsync(annas.Id, Anna)).IsOk);
        Assert.Equal(["Team"], (await Templates.ListAsync(Anna)).Select(t => t.Name));
    }

    [Fact]
    public async Task Fill_ForADeal_PutsInTheDealContactCompany_AndTheSendersNameAndSignature()
    {
        var company = (await Db.Get<CompanyService>().SaveAsync(null, 0, new CompanyInput { Name = "Meble Kowalski" }, Anna)).Value!;
        var contact = (await Db.Get<ContactService>().SaveAsync(null, 0, new ContactInput { FirstName = "Jan", LastName = "Kowalski", CompanyId = company.Id }, Anna)).Value!;
        var deal = await Db.Deals.CreateAsync(new DealInput { Title = "Desks", Amount = 12_500m, Currency = "PLN", StageId = Pipeline.NewStageId, ContactId = contact.Id, CompanyId = company.Id }, Anna);
        Assert.True((await Templates.SaveSignatureAsync("Anna\n*Sales*", Anna)).IsOk);
        var template = (await Templates.SaveAsync(null, 0, Input("Offer",
            "Dear {{contact.firstName}} {{contact.lastName}},\n\n**{{element.name}}** for {{company.name}}: {{deal.amount}}.\n\n{{user.signature}}",
            subject: "{{deal.title}} for {{ company.name }} from {{user.name}}"), Anna)).Value!;

        var filled = (await Templates.FillAsync(template.Id, ElementRef.Deal(deal.Value!.Id), Anna)).Value!;

        Assert.Equal("Desks for Meble Kowalski from Anna", filled.Subject.Text);
        Assert.Equal("Dear Jan Kowalski,\n\n**Desks** for Meble Kowalski: 12,500.00 PLN.\n\nAnna\n*Sales*", filled.Body.Text);
        Assert.Empty(filled.Subject.Unresolved);
        Assert.Empty(filled.Body.Unresolved);

        // A contact's and a company's name is the element's name on their own pages.
        var onContact = await Templates.SaveAsync(null, 0, Input("Contact", "{{element.name}} at {{company.name}}"), Anna);
        Assert.Equal("Jan Kowalski at Meble Kowalski", (await Templates.FillAsync(onContact.Value!.Id, ElementRef.Contact(contact.Id), Anna)).Value!.Body.Text);
        Assert.Equal("Meble Kowalski at Meble Kowalski", (await Templates.FillAsync(onContact.Value.Id, ElementRef.Company(company.Id), Anna)).Value!.Body.Text);
    }

    [Fact]
    public async Task Fill_LeavesAPlaceholderWithoutAValue_InTheText_AndReportsIt()
    {
        var lead = await LeadAsync();
        var template = (await Templates.SaveAsync(null, 0, Input("Lead", "Hi {{contact.firstName}}, {{deal.amount}}\n\n{{user.signature}}", subject: "{{element.name}}"), Anna)).Value!;

        var filled = (await Templates.FillAsync(template.Id, ElementRef.Lead(lead), Anna)).Value!;

        Assert.Equal("Chairs for the office", filled.Subject.Text);
        Assert.Equal("Hi Ola, {{deal.amount}}\n\n{{user.signature}}", filled.Body.Text);
        Assert.Equal(["{{deal.amount}}", "{{user.signature}}"], filled.Body.Unresolved);
        // A shared template is filled with whoever sends it.
        var shared = (await Templates.SaveAsync(null, 0, Input("Team", "{{element.name}}, {{user.name}}", shared: true), Admin)).Value!;
        Assert.Equal("Chairs for the office, Piotr", (await Templates.FillAsync(shared.Id, ElementRef.Lead(lead), Piotr)).Value!.Body.Text);
    }

    [Fact]
    public async Task Send_RefusesABodyOrSubject_WithAPlaceholderLeft()
    {
        var lead = await LeadAsync();
        var sent = await Db.Get<MailSender>().SendAsync(ElementRef.Lead(lead), new SendMailInput
        {
            MailboxId = 0, To = ["ola@client.example"], Subject = "About {{deal.title}}", Body = "Hi,\n\n{{user.signature}}",
        }, Anna);

        Assert.Equal(ResultStatus.Invalid, sent.Status);
        Assert.Contains(sent.Errors, e => e.Field == "Body" && e.MessageKey == "Mail.PlaceholdersLeft" && (string)e.Args[0] == "{{user.signature}}");
        Assert.Contains(sent.Errors, e => e.Field == "Subject" && (string)e.Args[0] == "{{deal.title}}");
        await using var context = await Db.Factory.CreateDbContextAsync();
        Assert.Empty(context.MailMessages);
    }

    [Fact]
    public async Task Signature_IsTheUsersOwn_WithoutPlaceholders_AndEmptyRemovesIt()
    {
        Assert.Equal("", await Templates.SignatureAsync(Anna));
        Assert.Contains((await Templates.SaveSignatureAsync("{{user.name}}", Anna)).Errors, e => e.MessageKey == "MailTemplates.NoPlaceholdersInSignature");
        Assert.True((await Templates.SaveSignatureAsync("Anna Nowak\r\nSales", Anna)).IsOk);
        Assert.Equal("Anna Nowak\nSales", await Templates.SignatureAsync(Anna));
        Assert.Equal("", await Templates.SignatureAsync(Piotr));
        Assert.True((await Templates.SaveSignatureAsync("", Anna)).IsOk);
        Assert.Equal("", await Templates.SignatureAsync(Anna));
    }

    [Fact]
    public void Formatting_TurnsMarkdownIntoSanitizedHtml()
    {
        var html = MailFormatting.ToHtml("Hello **Jan**, *thanks*.\n\n- one\n- two\n\n1. first\n\n[our offer](https://example.com/offer) and [bad](javascript:alert(1))\n\n<script>alert(1)</script><b onclick=\"x()\">raw</b>");

        Assert.Contains("<strong>Jan</strong>", html);
        Assert.Contains("<em>thanks</em>", html);
        Assert.Contains("<ul>", html);
        Assert.Contains("<li>two</li>", html);
        Assert.Contains("<ol>", html);
        Assert.Contains("<a href=\"https://example.com/offer\">our offer</a>", html);
        Assert.DoesNotContain("javascript:", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<b onclick", html);
        // Raw HTML is text, not markup.
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("&lt;b onclick", html);
        Assert.Equal("", MailFormatting.ToHtml("  "));
        Assert.Equal("a\nb", MailFormatting.ToText("a\r\nb\n"));
    }

    private async Task<int> LeadAsync()
    {
        var lead = await Db.Get<LeadService>().CreateAsync(new LeadInput { Title = "Chairs for the office", FirstName = "Ola", Emails = [new EmailInput("ola@client.example")], ResponsibleUserId = Anna.UserId }, Anna);
        Assert.True(lead.IsOk);
        return lead.Value!.Id;
    }
}

public sealed class PostgresMailTemplateTests(PostgresServer server)
    : MailTemplateTests(new TestDatabase(server.NewDatabase())), IClassFixture<PostgresServer>;
