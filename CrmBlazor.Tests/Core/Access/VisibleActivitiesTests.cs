namespace CrmBlazor.Tests.Core.Access;

/// <summary>
/// <see cref="AccessPolicy.VisibleActivities"/>: a sales user sees the activities on their own leads, contacts,
/// companies and deals, and no others, even where another kind's element has the same id.
/// </summary>
public sealed class VisibleActivitiesTests() : CoreTest(new TestDatabase())
{
    [Fact]
    public async Task ListAsync_SalesUser_SeesActivitiesOnOwnElementsOfEachKindOnly()
    {
        // Ids 1 and 2 of every kind, owned crosswise: Anna's lead 1 beside Piotr's contact 1, company 1 and deal 1.
        var leads = Db.Get<LeadService>();
        var annasLead = (await leads.CreateAsync(new LeadInput { Title = "Anna's lead", Emails = [new("anna.lead@example.com")], ResponsibleUserId = Anna.UserId }, Anna)).Value!;
        var piotrsLead = (await leads.CreateAsync(new LeadInput { Title = "Piotr's lead", Emails = [new("piotr.lead@example.com")], ResponsibleUserId = Piotr.UserId }, Piotr)).Value!;
        var contacts = Db.Get<ContactService>();
        var piotrsContact = (await contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Piotr's contact" }, Piotr)).Value!;
        var annasContact = (await contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Anna's contact" }, Anna)).Value!;
        var companies = Db.Get<CompanyService>();
        var piotrsCompany = (await companies.SaveAsync(null, 0, new CompanyInput { Name = "Piotr's company" }, Piotr)).Value!;
        var annasCompany = (await companies.SaveAsync(null, 0, new CompanyInput { Name = "Anna's company" }, Anna)).Value!;
        var piotrsDeal = await Db.AddDealAsync(Piotr, Pipeline.NewStageId, "Piotr's deal");
        var annasDeal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Anna's deal");
        Assert.Equal([annasLead.Id, piotrsContact.Id, piotrsCompany.Id, piotrsDeal.Id], [1, 1, 1, 1]);

        var elements = new[]
        {
            ElementRef.Lead(annasLead.Id), ElementRef.Lead(piotrsLead.Id), ElementRef.Contact(piotrsContact.Id), ElementRef.Contact(annasContact.Id),
            ElementRef.Company(piotrsCompany.Id), ElementRef.Company(annasCompany.Id), ElementRef.Deal(piotrsDeal.Id), ElementRef.Deal(annasDeal.Id),
        };
        var activities = Db.Get<ActivityService>();
        foreach (var element in elements)
        {
            var planned = await activities.PlanAsync(element, new ActivityInput
            {
                Type = ActivityType.Task, Subject = $"{element}", Deadline = Db.Clock.Now.UtcDateTime.AddDays(1), ResponsibleUserId = Piotr.UserId,
            }, Piotr);
            Assert.True(planned.IsOk);
        }

        var seenByAnna = await activities.ListAsync(new ActivityQuery { MineOnly = false, Take = 50 }, Anna);
        var seenByManager = await activities.ListAsync(new ActivityQuery { MineOnly = false, Take = 50 }, Manager);

        Assert.Equal(
            new[] { ElementRef.Lead(annasLead.Id), ElementRef.Contact(annasContact.Id), ElementRef.Company(annasCompany.Id), ElementRef.Deal(annasDeal.Id) }.ToHashSet(),
            seenByAnna.Items.Select(a => a.Element).ToHashSet());
        Assert.Equal(4, seenByAnna.Total);
        Assert.Equal(elements.Length, seenByManager.Total);
    }
}
