namespace CrmBlazor.Tests.Core.Timeline;

/// <summary>The timeline entries each kind of change writes, in its own transaction, and the comment rules.</summary>
public sealed class TimelineServiceTests() : CoreTest()
{
    private TimelineService Timeline => Db.Get<TimelineService>();
    private LeadService Leads => Db.Get<LeadService>();

    private async Task<List<TimelineItem>> EntriesAsync(ElementRef element) => [.. (await Timeline.ForElementAsync(element, 0, 50)).Items];

    private static string Describe(TimelineItem e) => e.Kind switch
    {
        TimelineKind.FieldChanged => $"{e.Field}: {e.OldValue} -> {e.NewValue}",
        TimelineKind.StageChanged => $"Stage: {e.OldValue} -> {e.NewValue}",
        _ => $"{e.Kind} {e.Text}".TrimEnd(),
    };

    [Fact]
    public async Task Deal_CreateEditMoveDelete_WritesEachChangeNewestFirst()
    {
        var deal = await Db.AddDealAsync(Manager, Pipeline.NewStageId, "Website", 1000m);
        Db.Clock.Now += TimeSpan.FromMinutes(1);
        var edited = await Db.Deals.UpdateAsync(deal.Id, deal.Version, new DealInput
        {
            Title = "Website redesign", Amount = 1500m, Currency = "PLN", StageId = Pipeline.NewStageId, ResponsibleUserId = Piotr.UserId,
        }, Manager);
        Db.Clock.Now += TimeSpan.FromMinutes(1);
        var moved = await Db.Deals.MoveAsync(new MoveDeal(deal.Id, Pipeline.ProposalStageId, edited.Value!.Version), Manager);
        Db.Clock.Now += TimeSpan.FromMinutes(1);
        var other = await Db.AddDealAsync(Manager, Pipeline.ProposalStageId, "Neighbour");
        await Db.Deals.MoveAsync(new MoveDeal(deal.Id, Pipeline.ProposalStageId, moved.Value!.Version, AfterDealId: other.Id), Manager); // a reorder: no entry

        var entries = await EntriesAsync(ElementRef.Deal(deal.Id));

        Assert.Equal("Stage: New -> Proposal", Describe(entries[0]));
        Assert.Equal(["Amount: 1000.00 PLN -> 1500.00 PLN", "Responsible: Marta -> Piotr", "Title: Website -> Website redesign"],
            entries.Skip(1).Take(3).Select(Describe).Order(StringComparer.Ordinal));
        Assert.Equal(["Created New"], entries.Skip(4).Select(Describe));
        Assert.All(entries, e => Assert.Equal(("Marta", "Website redesign"), (e.AuthorName, e.ElementTitle)));

        await Db.Deals.DeleteAsync(deal.Id, (await Db.Deals.GetForEditAsync(deal.Id))!.Version, Manager);
        Assert.Equal("Deleted Website redesign", Describe((await EntriesAsync(ElementRef.Deal(deal.Id)))[0]));
    }

    [Fact]
    public async Task Deal_CreateFailsAfterTheDealRow_LeavesNeitherDealNorEntry()
    {
        Db.Commands.FailWhen = sql => sql.Contains("INSERT INTO \"TimelineEntries\"", StringComparison.Ordinal);

        await Assert.ThrowsAnyAsync<Exception>(() => Db.Deals.CreateAsync(new DealInput { Title = "Half", Amount = 1, Currency = "PLN", StageId = Pipeline.NewStageId }, Anna));

        Db.Commands.FailWhen = null;
        await using var db = await Db.Factory.CreateDbContextAsync();
        Assert.False(await db.Deals.AnyAsync());
        Assert.False(await db.TimelineEntries.AnyAsync());
    }

    [Fact]
    public async Task Deal_MoveFailsOnItsTimelineEntry_KeepsTheDealWhereItWas()
    {
        var deal = await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Stays");
        Db.Commands.FailWhen = sql => sql.Contains("INSERT INTO \"TimelineEntries\"", StringComparison.Ordinal);

        await Assert.ThrowsAnyAsync<Exception>(() => Db.Deals.MoveAsync(new MoveDeal(deal.Id, Pipeline.ProposalStageId, deal.Version), Anna));

        Db.Commands.FailWhen = null;
        await using var db = await Db.Factory.CreateDbContextAsync();
        var saved = await db.Deals.SingleAsync();
        Assert.Equal(Pipeline.NewStageId, saved.StageId);
        Assert.Single(await db.DealStageChanges.ToListAsync());
    }

    [Fact]
    public async Task Lead_EditConvertAndJunk_WriteTheirEntries()
    {
        var created = await Leads.CreateAsync(new LeadInput { Title = "Fair card", FirstName = "Grace", Emails = [new EmailInput("grace@example.com")] }, Anna);
        var lead = created.Value!;
        var edited = await Leads.UpdateAsync(lead.Id, lead.Version, lead.Input with { Status = LeadStatus.InProgress, CompanyName = "Miller & Sons" }, Anna);
        var proposal = (await Db.Get<LeadConversionService>().ProposeConversionAsync(lead.Id))!;

        var outcome = await Db.Get<LeadConversionService>().CompleteAsync(new CompleteLead(lead.Id, edited.Value!.Version, new ContactChoice(null, proposal.Contact), null, proposal.Deal), Anna);

        Assert.True(outcome.IsOk);
        Assert.Equal(["Converted Contact+, Deal+", "Status: New -> In progress", "CompanyName:  -> Miller & Sons", "Created"],
            (await EntriesAsync(ElementRef.Lead(lead.Id))).Select(Describe));
        var contactCreated = Assert.Single(await EntriesAsync(ElementRef.Contact(outcome.Value!.ContactId!.Value)));
        Assert.Equal((TimelineKind.Created, "Fair card", "Lead", lead.Id), (contactCreated.Kind, contactCreated.Text, contactCreated.RelatedKind, contactCreated.RelatedId!.Value));
        var dealCreated = Assert.Single(await EntriesAsync(ElementRef.Deal(outcome.Value.DealId!.Value)));
        Assert.Equal(("Lead", lead.Id), (dealCreated.RelatedKind, dealCreated.RelatedId!.Value));

        var other = (await Leads.CreateAsync(new LeadInput { Title = "Spam", Emails = [new EmailInput("spam@example.com")] }, Anna)).Value!;
        await Db.Get<LeadConversionService>().MarkJunkAsync(new MarkLeadJunk(other.Id, other.Version, JunkReason.Spam, "bot"), Anna);
        var junked = (await EntriesAsync(ElementRef.Lead(other.Id)))[0];
        Assert.Equal((TimelineKind.Junked, "Spam", "bot"), (junked.Kind, junked.NewValue, junked.Text));
    }

    [Fact]
    public async Task Comments_AnyoneAdds_OnlyTheAuthorEditsOrDeletes_AndEachChangeIsPublished()
    {
        var deal = ElementRef.Deal((await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Deal")).Id);
        using var log = new EventLog(Db.Live);

        var added = await Timeline.AddCommentAsync(deal, "  Client asked for **20%** off <script>alert(1)</script>  ", Piotr);

        Assert.True(added.IsOk);
        var comment = added.Value!;
        Assert.Equal(("Client asked for **20%** off <script>alert(1)</script>", "Piotr"), (comment.Text, comment.AuthorName));
        Assert.Equal(ResultStatus.Forbidden, (await Timeline.EditCommentAsync(comment.Id, comment.Version, "changed", Anna)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await Timeline.DeleteCommentAsync(comment.Id, comment.Version, Anna)).Status);

        var edited = await Timeline.EditCommentAsync(comment.Id, comment.Version, "20% off, confirmed", Piotr);
        Assert.True(edited.IsOk);
        Assert.Equal(("20% off, confirmed", Db.Clock.Now.UtcDateTime), (edited.Value!.Text, edited.Value.EditedAt!.Value));
        Assert.Equal(ResultStatus.Conflict, (await Timeline.EditCommentAsync(comment.Id, comment.Version, "stale", Piotr)).Status);

        Assert.True((await Timeline.DeleteCommentAsync(comment.Id, edited.Value.Version, Piotr)).IsOk);
        Assert.DoesNotContain(await EntriesAsync(deal), e => e.Kind == TimelineKind.Comment);
        Assert.Equal([TimelineChangeKind.Added, TimelineChangeKind.Edited, TimelineChangeKind.Deleted], log.Events.Cast<TimelineChanged>().Select(e => e.Kind));
        Assert.All(log.Events, e => Assert.Contains(LiveTopics.Element(deal), e.Topics));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task Comments_Blank_IsRefusedNextToTheText(string? text)
    {
        var deal = ElementRef.Deal((await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Deal")).Id);

        var result = await Timeline.AddCommentAsync(deal, text!, Anna);

        Assert.Equal(("Text", "Validation.Required"), (Assert.Single(result.Errors).Field, result.Errors[0].MessageKey));
    }

    [Fact]
    public async Task Comments_TooLongOrOnAMissingElement_AreRefused()
    {
        var deal = ElementRef.Deal((await Db.AddDealAsync(Anna, Pipeline.NewStageId, "Deal")).Id);

        var tooLong = await Timeline.AddCommentAsync(deal, new string('x', TimelineRules.CommentMaxLength + 1), Anna);
        var missing = await Timeline.AddCommentAsync(ElementRef.Company(404), "hello", Anna);

        Assert.Equal("Validation.MaxLength", Assert.Single(tooLong.Errors).MessageKey);
        Assert.Equal(ResultStatus.NotFound, missing.Status);
    }

    [Fact]
    public async Task History_FiltersByKindUserEventAndPeriod_AndPagesOnTheServer()
    {
        var start = Db.Clock.Now.UtcDateTime;
        var deal = await Db.AddDealAsync(Piotr, Pipeline.NewStageId, "Deal A");
        Db.Clock.Now += TimeSpan.FromHours(1);
        await Db.Deals.MoveAsync(new MoveDeal(deal.Id, Pipeline.ProposalStageId, deal.Version), Piotr);
        Db.Clock.Now += TimeSpan.FromHours(1);
        var lead = (await Leads.CreateAsync(new LeadInput { Title = "Lead B", Emails = [new EmailInput("b@example.com")] }, Piotr)).Value!;
        await Timeline.AddCommentAsync(ElementRef.Lead(lead.Id), "first", Anna);
        await Timeline.AddCommentAsync(ElementRef.Lead(lead.Id), "second", Anna);

        Assert.Equal(5, (await Timeline.HistoryAsync(new HistoryQuery())).Total);
        Assert.Equal(2, (await Timeline.HistoryAsync(new HistoryQuery { ElementKind = ElementKind.Deal })).Total);
        Assert.Equal(["Created", "Created", "StageChanged"], (await Timeline.HistoryAsync(new HistoryQuery { UserId = Piotr.UserId })).Items.Select(e => e.Kind.ToString()).Order());
        Assert.Equal(["second", "first"], (await Timeline.HistoryAsync(new HistoryQuery { Kind = TimelineKind.Comment })).Items.Select(e => e.Text));
        Assert.Single((await Timeline.HistoryAsync(new HistoryQuery { From = start, To = start.AddMinutes(30) })).Items);
        var page = await Timeline.HistoryAsync(new HistoryQuery { Skip = 1, Take = 2 });
        Assert.Equal(5, page.Total);
        Assert.Equal(["first", "Lead B"], page.Items.Select(e => e.Text ?? e.ElementTitle));
    }

    [Fact]
    public async Task Deal_ProductsClosingAndReopening_WriteTheirEntries()
    {
        var deal = await Db.AddDealAsync(Manager, Pipeline.NewStageId, "Chairs", 100m);
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            db.LostReasons.Add(new LostReason { Name = "Price too high" });
            await db.SaveChangesAsync();
        }
        int reasonId;
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            reasonId = await db.LostReasons.Select(r => r.Id).SingleAsync();
        }
        var element = ElementRef.Deal(deal.Id);

        var products = await Db.Deals.SaveProductsAsync(new SaveDealProducts(deal.Id, deal.Version,
            [new ProductLineInput { Name = "Office chair", Unit = "pcs", Quantity = 2, UnitPrice = 500m, TaxRate = 23m }]), Manager);
        Assert.True(products.IsOk);
        Assert.Equal(["ProductsChanged Office chair", "Amount: 100.00 PLN -> 1230.00 PLN"], (await EntriesAsync(element)).Take(2).Select(Describe).Order(StringComparer.Ordinal).Reverse());

        var lost = await Db.Deals.CloseAsync(new CloseDeal(deal.Id, products.Value!.Version, Pipeline.LostStageId, LostReasonId: reasonId, Comment: "Went elsewhere"), Manager);
        Assert.True(lost.IsOk);
        var closing = await EntriesAsync(element);
        Assert.Equal((TimelineKind.Closed, "Lost", "Price too high", "Went elsewhere"), (closing[0].Kind, closing[0].Field, closing[0].NewValue, closing[0].Text));
        Assert.Equal("Stage: New -> Lost", Describe(closing[1]));

        var reopened = await Db.Deals.ReopenAsync(new ReopenDeal(deal.Id, lost.Value!.Version, Pipeline.ProposalStageId), Manager);
        Assert.True(reopened.IsOk);
        var entry = (await EntriesAsync(element))[0];
        Assert.Equal((TimelineKind.Reopened, "Lost", "Proposal"), (entry.Kind, entry.OldValue, entry.NewValue));

        var won = await Db.Deals.CloseAsync(new CloseDeal(deal.Id, reopened.Value!.Version, Pipeline.WonStageId), Manager);
        Assert.True(won.IsOk);
        entry = (await EntriesAsync(element))[0];
        Assert.Equal((TimelineKind.Closed, "Won", "1230.00 PLN"), (entry.Kind, entry.Field, entry.NewValue));
    }

    [Fact]
    public async Task ContactsAndCompanies_CreatedAndEdited_WriteTheirEntriesAndTellTheirPages()
    {
        var companies = Db.Get<CompanyService>();
        var contacts = Db.Get<ContactService>();
        using var log = new EventLog(Db.Live);

        var company = (await companies.SaveAsync(null, 0, new CompanyInput { Name = "Northwind" }, Anna)).Value!;
        var contact = (await contacts.SaveAsync(null, 0, new ContactInput { FirstName = "Grace", Email = "grace@example.com" }, Anna)).Value!;
        var edited = await contacts.SaveAsync(contact.Id, contact.Version,
            new ContactInput { FirstName = "Grace", LastName = "Miller", Email = "grace@example.com", Position = "CEO", CompanyId = company.Id }, Anna);

        Assert.True(edited.IsOk);
        Assert.Equal(["Created"], (await EntriesAsync(ElementRef.Company(company.Id))).Select(Describe));
        Assert.Equal(["Company:  -> Northwind", "Name: Grace -> Grace Miller", "Position:  -> CEO", "Created"],
            (await EntriesAsync(ElementRef.Contact(contact.Id))).Select(Describe).Take(3).Order(StringComparer.Ordinal).Append("Created"));
        Assert.Equal(4, (await EntriesAsync(ElementRef.Contact(contact.Id))).Count);
        Assert.Equal([true, true, false], log.Events.Cast<ElementChanged>().Select(e => e.Created));
        Assert.Contains(LiveTopics.Element(ElementRef.Contact(contact.Id)), log.Events[^1].Topics);
    }
}
