
namespace CrmBlazor.Core.Seeding;

/// <summary>Demo companies, contacts, leads and deals with realistic Polish and English names. Deterministic.</summary>
/// <param name="todayEnds">When the team's current day ends (UTC), so that "due today" activities are due today.</param>
internal sealed class DemoData(CrmDbContext db, DateTime now, DateTime todayEnds)
{
    private readonly Random _random = new(20261129);

    private static readonly (string Name, string City, string Site)[] CompanyNames =
    [
        ("Mostostal Kraków sp. z o.o.", "Kraków", "mostostal-krakow.pl"),
        ("Piekarnia Złoty Kłos", "Poznań", "zlotyklos.pl"),
        ("Northwind Traders Ltd", "London", "northwind.co.uk"),
        ("Bałtyk Logistics S.A.", "Gdańsk", "baltyk-logistics.pl"),
        ("Contoso Manufacturing", "Manchester", "contoso.example.com"),
        ("Zielona Energia sp. z o.o.", "Wrocław", "zielonaenergia.pl"),
        ("Fabrikam Software", "Dublin", "fabrikam.example.com"),
        ("Hotel Pod Wawelem", "Kraków", "hotelpodwawelem.pl"),
        ("Tatra Outdoor", "Zakopane", "tatraoutdoor.pl"),
        ("Wide World Importers", "Bristol", "wideworldimporters.example.com"),
        ("Drukarnia Mazowsze", "Warszawa", "drukarniamazowsze.pl"),
        ("Adventure Works Cycles", "Leeds", "adventure-works.example.com"),
    ];

    private static readonly (string First, string Last, string Position)[] People =
    [
        ("Katarzyna", "Lewandowska", "Dyrektor zakupów"), ("Tomasz", "Wójcik", "Prezes zarządu"),
        ("Oliver", "Smith", "Head of Procurement"), ("Agnieszka", "Kamińska", "Kierownik biura"),
        ("Emma", "Johnson", "Operations Manager"), ("Michał", "Kaczmarek", "Właściciel"),
        ("James", "Brown", "CTO"), ("Magdalena", "Mazur", "Specjalista ds. marketingu"),
        ("Paweł", "Krawczyk", "Kierownik logistyki"), ("Sophie", "Taylor", "Finance Director"),
        ("Joanna", "Grabowska", "Office Manager"), ("Krzysztof", "Pawłowski", "Dyrektor techniczny"),
        ("Harry", "Wilson", "Purchasing Lead"), ("Ewa", "Michalska", "Główna księgowa"),
        ("Łukasz", "Jabłoński", "Kierownik projektu"), ("Charlotte", "Davies", "CEO"),
    ];

    private static readonly string[] DealTopics =
    [
        "Wdrożenie CRM", "Licencje roczne", "Serwis floty", "Dostawa paneli PV", "Website redesign", "Szkolenie zespołu",
        "Support contract", "Modernizacja magazynu", "Catering na konferencję", "Cloud migration", "Druk katalogów",
        "Pakiet noclegów firmowych", "Rowery dla pracowników", "Audyt bezpieczeństwa", "Hardware refresh",
    ];

    /// <summary>Seeds the demo data into a database that has its <see cref="StartupData"/> (<paramref name="pipelines"/>).</summary>
    public async Task SeedAsync(DemoTeam team, IReadOnlyList<Pipeline> pipelines, CancellationToken ct)
    {
        string[] sellers = [team.AnnaId, team.PiotrId, team.AnnaId, team.PiotrId, team.ManagerId];
        var companies = AddCompanies(sellers);
        var contacts = AddContacts(companies, sellers);
        var catalog = AddCatalog();
        var leads = AddOpenLeads(team);
        var deals = AddDeals(pipelines, companies, contacts, catalog, sellers);
        db.WebForms.Add(DemoWebForm.Contact(team.AnnaId, team.PiotrId));
        await db.SaveChangesAsync(ct);
        AddClosedLeads(deals, sellers);
        await db.SaveChangesAsync(ct);
        await AddActivitiesAsync(team, leads, deals, contacts, ct);
    }

    /// <summary>The companies, each with an office address, and some with a second e-mail and phone.</summary>
    private List<Company> AddCompanies(string[] sellers)
    {
        var companies = CompanyNames.Select((c, i) => new Company
        {
            Name = c.Name,
            City = c.City,
            Website = "https://" + c.Site,
            Email = "biuro@" + c.Site,
            Phone = $"+4822{_random.Next(100, 999)}{_random.Next(10, 99)}{_random.Next(10, 99)}",
            ResponsibleUserId = sellers[i % sellers.Length],
            CreatedAt = now.AddDays(-_random.Next(30, 400)),
        }).ToList();
        foreach (var (company, i) in companies.Select((c, i) => (c, i)))
        {
            company.Emails.Add(new CompanyEmail { Address = company.Email!, Type = EmailType.Work });
            company.Phones.Add(new CompanyPhone { Number = company.Phone!, Type = PhoneType.Work });
            company.Addresses.Add(new CompanyAddress { Type = AddressType.Office, Street = Streets[i % Streets.Length], City = company.City, Country = company.Website!.EndsWith(".pl", StringComparison.Ordinal) ? "Polska" : "United Kingdom" });
            if (i % 3 == 0)
            {
                company.Emails.Add(new CompanyEmail { Address = "faktury@" + CompanyNames[i].Site, Type = EmailType.Other });
                company.Phones.Add(new CompanyPhone { Number = $"+48{_random.Next(500, 899)}{_random.Next(100, 999)}{_random.Next(100, 999)}", Type = PhoneType.Mobile });
            }
        }
        db.Companies.AddRange(companies);
        companies.ForEach(c => TimelineLog.Created(db, c, ElementKind.Company, c.ResponsibleUserId, c.CreatedAt));
        return companies;
    }

    /// <summary>The contacts, each working at one of <paramref name="companies"/>.</summary>
    private List<Contact> AddContacts(List<Company> companies, string[] sellers)
    {
        var contacts = People.Select((p, i) => new Contact
        {
            FirstName = p.First,
            LastName = p.Last,
            Position = p.Position,
            Company = companies[i % companies.Count],
            Email = $"{Ascii(p.First)}.{Ascii(p.Last)}@{companies[i % companies.Count].Website!["https://".Length..]}".ToLowerInvariant(),
            Phone = $"+48{_random.Next(500, 899)}{_random.Next(100, 999)}{_random.Next(100, 999)}",
            ResponsibleUserId = sellers[i % sellers.Length],
            CreatedAt = now.AddDays(-_random.Next(10, 300)),
        }).ToList();
        foreach (var contact in contacts)
        {
            contact.Emails.Add(new ContactEmail { Address = contact.Email!, Type = EmailType.Work });
            contact.Phones.Add(new ContactPhone { Number = contact.Phone!, Type = PhoneType.Mobile });
            contact.Addresses.Add(new ContactAddress { Type = AddressType.Office, City = contact.Company!.City });
        }
        db.Contacts.AddRange(contacts);
        contacts.ForEach(c => TimelineLog.Created(db, c, ElementKind.Contact, c.ResponsibleUserId, c.CreatedAt));
        return contacts;
    }

    /// <summary>Open leads of the last weeks, in every status a lead is worked through.</summary>
    private List<Lead> AddOpenLeads(DemoTeam team)
    {
        List<Lead> leads = [
            Lead("Zapytanie ze strony: 20 licencji", "Marek Sowa", "Sowa Consulting", "marek@sowaconsulting.pl", LeadSource.WebForm, LeadStatus.New, team.AnnaId, 12_000m),
            Lead("Business card from Poznań fair", "Grace Miller", "Miller & Sons", "grace@millerandsons.co.uk", LeadSource.Manual, LeadStatus.InProgress, team.PiotrId, 8_500m),
            Lead("Inbound call: fleet service", "Janusz Wrona", null, "j.wrona@gmail.com", LeadSource.Call, LeadStatus.New, team.PiotrId, null),
            Lead("E-mail: training for 15 people", "Olivia Clarke", "Clarke Design", "olivia@clarkedesign.com", LeadSource.Email, LeadStatus.New, team.AnnaId, 6_000m),
            Lead("Widget chat: PV panels offer", "Barbara Nowicka", "Eko Dom", "b.nowicka@ekodom.pl", LeadSource.Widget, LeadStatus.InProgress, team.AnnaId, 45_000m),
            Lead("Import: trade show list #12", "Robert Zając", "Zając Transport", "biuro@zajactransport.pl", LeadSource.Import, LeadStatus.Processed, team.ManagerId, null),
            Lead("Catering for 200 guests", "Dorota Wieczorek", "Event Pro", "dorota@eventpro.pl", LeadSource.WebForm, LeadStatus.New, null, 30_000m),
            Lead("Partnership enquiry", "Thomas Evans", "Evans Digital", "tom@evansdigital.io", LeadSource.Email, LeadStatus.InProgress, team.PiotrId, null),
            Lead("Web form: CRM for 5 users", "Ewa Zielińska", "Zielińska Biuro", "ewa@zielinskabiuro.pl", LeadSource.WebForm, LeadStatus.New, team.PiotrId, 4_000m),
            Lead("Call: quote for office chairs", "Daniel Hughes", "Hughes Interiors", "daniel@hughesinteriors.co.uk", LeadSource.Call, LeadStatus.New, team.ManagerId, null),
        ];
        db.Leads.AddRange(leads);
        leads.ForEach(l => TimelineLog.Created(db, l, ElementKind.Lead, l.ResponsibleUserId, l.CreatedAt));
        return leads;
    }

    /// <summary>
    /// Deals in every stage of every pipeline: open ones of the last weeks, closed ones spread over the last half year
    /// with the way they came through the stages, so the funnel and the reports have a history to show.
    /// </summary>
    private List<Deal> AddDeals(IReadOnlyList<Pipeline> pipelines, List<Company> companies, List<Contact> contacts, List<Product> catalog, string[] sellers)
    {
        var lostReasons = db.LostReasons.Local.ToList();
        var seeded = new List<Deal>();
        foreach (var pipeline in pipelines)
        {
            // Closed deals spread over the last half year, so the funnel and the reports have a history to show.
            var perStage = pipeline.IsDefault ? new[] { 8, 7, 6, 5, 14, 10 } : [3, 2, 2, 3, 2];
            var open = pipeline.Stages.Where(s => s.Kind == StageKind.Open).OrderBy(s => s.Sort).ToList();
            var topic = 0;
            foreach (var (stage, count) in pipeline.Stages.Zip(perStage))
            {
                var ranks = Rank.Spread(count);
                for (var i = 0; i < count; i++)
                {
                    var company = companies[_random.Next(companies.Count)];
                    var contact = contacts.FirstOrDefault(c => c.Company == company);
                    var currency = _random.Next(10) switch { < 7 => "PLN", < 9 => "EUR", _ => "USD" };
                    var responsible = sellers[_random.Next(sellers.Length)];
                    // The way the deal came: the open stages up to its own (a lost deal dropped out somewhere), then its stage.
                    var path = stage.Kind switch
                    {
                        StageKind.Open => open.TakeWhile(s => s.Sort < stage.Sort).Append(stage).ToList(),
                        StageKind.Won => [.. open, stage],
                        _ => [.. open.Take(1 + _random.Next(open.Count)), stage],
                    };
                    var gaps = path.Skip(1).Select(_ => TimeSpan.FromDays(_random.Next(1, 12)).Add(TimeSpan.FromHours(_random.Next(0, 20)))).ToList();
                    var age = stage.Kind == StageKind.Open ? _random.Next(0, 45) : _random.Next(0, 170);
                    var created = now.AddDays(-age).AddMinutes(-_random.Next(0, 600)) - gaps.Aggregate(TimeSpan.Zero, (a, b) => a + b);
                    var deal = new Deal
                    {
                        Title = $"{DealTopics[topic++ % DealTopics.Length]} – {company.Name.Split(' ')[0]}",
                        Amount = _random.Next(20, 900) * 100m,
                        Currency = currency,
                        PipelineId = pipeline.Id,
                        StageId = stage.Id,
                        Rank = ranks[i],
                        Company = company,
                        Contact = contact,
                        ResponsibleUserId = responsible,
                        CreatedAt = created,
                        UpdatedAt = created,
                    };
                    var at = created;
                    Stage? from = null;
                    for (var step = 0; step < path.Count; step++)
                    {
                        at = step == 0 ? created : at + gaps[step - 1];
                        deal.EnterStage(path[step], at);
                        db.DealStageChanges.Add(new DealStageChange { Deal = deal, FromStageId = from?.Id, ToStageId = path[step].Id, ChangedById = responsible, ChangedAt = at });
                        if (from is null)
                        {
                            TimelineLog.Created(db, deal, ElementKind.Deal, responsible, at, path[step].Name);
                        }
                        else
                        {
                            TimelineLog.PendingStageChange(db, deal, responsible, at, from.Name, path[step].Name);
                        }
                        from = path[step];
                    }
                    deal.UpdatedAt = at;
                    if (stage.Kind == StageKind.Lost)
                    {
                        deal.LostReasonId = lostReasons[_random.Next(lostReasons.Count)].Id;
                    }
                    if (stage.Kind != StageKind.Lost && _random.Next(3) == 0)
                    {
                        AddLines(deal, catalog);
                    }
                    db.Deals.Add(deal);
                    seeded.Add(deal);
                }
            }
        }
        return seeded;
    }

    /// <summary>Completed leads of the last months: some became deals, some were junk, so the lead-source report has rates.</summary>
    private void AddClosedLeads(List<Deal> seeded, string[] sellers)
    {
        LeadSource[] sources = [LeadSource.WebForm, LeadSource.Call, LeadSource.Email, LeadSource.Widget, LeadSource.Manual, LeadSource.Import];
        for (var i = 0; i < 18; i++)
        {
            var deal = seeded[_random.Next(seeded.Count)];
            var person = People[i % People.Length];
            var converted = i % 3 != 2;
            var created = now.AddDays(-_random.Next(20, 170)).AddHours(-_random.Next(0, 12));
            var lead = Lead($"{DealTopics[i % DealTopics.Length]} (lead)", $"{person.First} {person.Last}", null,
                $"{Ascii(person.First)}.{Ascii(person.Last)}{i}@example.com".ToLowerInvariant(), sources[i % sources.Length],
                converted ? LeadStatus.Converted : LeadStatus.Junk, sellers[i % sellers.Length], null);
            lead.CreatedAt = created;
            lead.ClosedAt = created.AddDays(_random.Next(1, 10));
            lead.UpdatedAt = lead.ClosedAt.Value;
            lead.ClosedById = lead.ResponsibleUserId;
            if (converted && i % 4 != 3)
            {
                lead.ConvertedDealId = deal.Id;
            }
            else if (!converted)
            {
                lead.JunkReason = JunkReason.NoInterest;
            }
            db.Leads.Add(lead);
            TimelineLog.Created(db, lead, ElementKind.Lead, lead.ResponsibleUserId, created);
        }
    }

    /// <summary>
    /// Every demo user gets overdue activities, some due later today, some ahead and some done, so that counters are at
    /// work from the first sign-in. The done ones and the planned ones show on their elements' timelines.
    /// </summary>
    private async Task AddActivitiesAsync(DemoTeam team, List<Lead> leads, List<Deal> deals, List<Contact> contacts, CancellationToken ct)
    {
        var openDeals = deals.Where(d => d.ClosedAt is null).ToList();
        var untilMidnight = todayEnds - now;
        (ActivityType Type, string Subject)[] plans =
        [
            (ActivityType.Call, "Call back about the offer"), (ActivityType.Meeting, "Spotkanie: prezentacja oferty"),
            (ActivityType.Task, "Przygotować umowę"), (ActivityType.Email, "Send the updated price list"),
            (ActivityType.Call, "Follow-up call"), (ActivityType.Task, "Check the payment terms"),
            (ActivityType.Email, "Wysłać podsumowanie spotkania"), (ActivityType.Meeting, "Demo for the team"),
        ];
        var n = 0;
        foreach (var user in new[] { team.AnnaId, team.PiotrId, team.ManagerId, team.AdminId })
        {
            // Two overdue, two due later today, two ahead, one done.
            TimeSpan[] offsets =
            [
                -TimeSpan.FromDays(2) - TimeSpan.FromHours(3), -TimeSpan.FromHours(5),
                untilMidnight * 0.3, untilMidnight * 0.7,
                TimeSpan.FromDays(1) + TimeSpan.FromHours(2), TimeSpan.FromDays(6),
                -TimeSpan.FromDays(4),
            ];
            foreach (var offset in offsets)
            {
                var (type, subject) = plans[n % plans.Length];
                ElementRef element = (n % 3) switch
                {
                    0 => ElementRef.Deal(openDeals[n % openDeals.Count].Id),
                    1 => ElementRef.Lead(leads[n % leads.Count].Id),
                    _ => ElementRef.Contact(contacts[n % contacts.Count].Id),
                };
                n++;
                var deadline = now + offset;
                var done = offset == offsets[^1];
                var activity = new Activity
                {
                    Type = type,
                    Subject = subject,
                    Deadline = deadline,
                    DurationMinutes = ActivityRules.HasDuration(type) ? 30 : null,
                    Direction = ActivityRules.HasDirection(type) ? ActivityDirection.Outgoing : null,
                    ResponsibleUserId = user,
                    ElementKind = element.Kind,
                    ElementId = element.Id,
                    State = done ? ActivityState.Done : ActivityState.Planned,
                    CompletedAt = done ? deadline : null,
                    CompletedById = done ? user : null,
                    CreatedById = user,
                    CreatedAt = now - TimeSpan.FromDays(7),
                    UpdatedAt = now - TimeSpan.FromDays(7),
                };
                db.Activities.Add(activity);
                TimelineLog.AddPointingAtNew(db, element, TimelineKind.ActivityPlanned, user, activity.CreatedAt, subject, activity);
                if (done)
                {
                    TimelineLog.AddPointingAtNew(db, element, TimelineKind.ActivityDone, user, deadline, subject, activity);
                }
            }
        }
        await db.SaveChangesAsync(ct);
    }

    private static readonly string[] Streets =
        ["ul. Długa 12", "ul. Półwiejska 4", "221B Baker Street", "ul. Wały Piastowskie 1", "1 Deansgate", "ul. Legnicka 55"];

    /// <summary>Sections, products and services in PLN and EUR with 23 %, 8 % and 0 % VAT.</summary>
    private List<Product> AddCatalog()
    {
        var software = new ProductSection { Name = "Oprogramowanie / Software", Sort = 0 };
        var services = new ProductSection { Name = "Usługi / Services", Sort = 1 };
        var hardware = new ProductSection { Name = "Sprzęt / Hardware", Sort = 2 };
        var events = new ProductSection { Name = "Szkolenia i wydarzenia / Training & events", Sort = 3 };
        db.ProductSections.AddRange(software, services, hardware, events);
        Product P(string name, string sku, string unit, decimal price, string currency, decimal tax, ProductSection section, string? description = null) =>
            new() { Name = name, Sku = sku, Unit = unit, Price = price, Currency = currency, TaxRate = tax, Section = section, Description = description, CreatedAt = now.AddDays(-200), UpdatedAt = now.AddDays(-200) };
        List<Product> products =
        [
            P("Licencja CRM – stanowisko (rok)", "SW-CRM-Y", "szt.", 1_188.00m, "PLN", 23, software, "Roczna licencja na jednego użytkownika."),
            P("CRM licence – seat (year)", "SW-CRM-Y-EUR", "pcs", 279.00m, "EUR", 23, software),
            P("Moduł raportów", "SW-REP", "szt.", 2_400.00m, "PLN", 23, software),
            P("Wdrożenie – dzień pracy konsultanta", "SV-IMPL-D", "dzień", 2_800.00m, "PLN", 23, services),
            P("Consulting hour", "SV-CONS-H", "h", 95.00m, "EUR", 23, services),
            P("Usługa serwisowa floty – pakiet miesięczny", "SV-FLEET-M", "mies.", 1_450.00m, "PLN", 23, services),
            P("Eksport usług IT (poza UE)", "SV-EXPORT", "h", 320.00m, "PLN", 0, services, "Usługa świadczona poza UE: 0 % VAT (np)."),
            P("Laptop 14\" biznesowy", "HW-LAP-14", "szt.", 4_299.00m, "PLN", 23, hardware),
            P("Monitor 27\" 4K", "HW-MON-27", "szt.", 1_599.99m, "PLN", 23, hardware),
            P("Docking station USB-C", "HW-DOCK", "pcs", 189.50m, "EUR", 23, hardware),
            P("Szkolenie zespołu (do 15 osób)", "EV-TRAIN-15", "usł.", 6_000.00m, "PLN", 23, events),
            P("Catering konferencyjny – osoba", "EV-CATER", "os.", 85.00m, "PLN", 8, events, "Usługa gastronomiczna: 8 % VAT."),
            P("Nocleg w hotelu – pokój/noc", "EV-HOTEL", "noc", 420.00m, "PLN", 8, events),
            P("Bilet na konferencję", "EV-TICKET", "szt.", 799.00m, "PLN", 23, events),
            P("Książka: Sprzedaż B2B w praktyce", "EV-BOOK", "szt.", 59.90m, "PLN", 0, events, "Wydawnictwo objęte stawką 0 % w tym demo."),
            P("Legacy on-premise licence", "SW-LEGACY", "pcs", 999.00m, "EUR", 23, software),
        ];
        products[^1].IsActive = false;
        db.Products.AddRange(products);
        return products;
    }

    /// <summary>Two or three catalog lines in the deal's currency; the deal's amount becomes their total.</summary>
    private void AddLines(Deal deal, List<Product> catalog)
    {
        var fitting = catalog.Where(p => p.IsActive && p.Currency == deal.Currency).ToList();
        if (fitting.Count == 0)
        {
            return;
        }
        var lines = new List<ProductLineInput>();
        var count = _random.Next(2, 4);
        for (var i = 0; i < count; i++)
        {
            var product = fitting[_random.Next(fitting.Count)];
            var percent = _random.Next(4) == 0;
            lines.Add(new ProductLineInput
            {
                Name = product.Name,
                Unit = product.Unit,
                Quantity = _random.Next(1, 12),
                UnitPrice = product.Price,
                DiscountKind = DiscountKind.Percent,
                DiscountValue = percent ? 5 * _random.Next(1, 4) : 0,
                TaxRate = product.TaxRate,
            });
            db.DealProductLines.Add(new DealProductLine
            {
                Deal = deal,
                Product = product,
                Name = product.Name,
                Unit = product.Unit,
                Quantity = lines[^1].Quantity,
                UnitPrice = product.Price,
                DiscountKind = DiscountKind.Percent,
                DiscountValue = lines[^1].DiscountValue,
                TaxRate = product.TaxRate,
                Sort = i,
            });
        }
        deal.Amount = DealTotals.Compute(lines, deal.Currency).Total;
    }

    private Lead Lead(string title, string person, string? company, string email, LeadSource source, LeadStatus status, string? responsible, decimal? amount)
    {
        var created = now.AddDays(-_random.Next(0, 20)).AddHours(-_random.Next(0, 12));
        return new()
        {
            Title = title,
            FirstName = person.Split(' ')[0],
            LastName = person.Split(' ')[^1],
            CompanyName = company,
            Emails = [new LeadEmail { Address = email, Type = EmailType.Work }],
            Phones = [new LeadPhone { Number = $"+48{_random.Next(500, 899)}{_random.Next(100, 999)}{_random.Next(100, 999)}", Type = PhoneType.Mobile }],
            Source = source,
            Status = status,
            ResponsibleUserId = responsible,
            ExpectedAmount = amount,
            Currency = amount is null ? null : "PLN",
            CreatedAt = created,
            UpdatedAt = created,
        };
    }

    private static string Ascii(string text)
    {
        var map = new Dictionary<char, char> { ['ą'] = 'a', ['ć'] = 'c', ['ę'] = 'e', ['ł'] = 'l', ['ń'] = 'n', ['ó'] = 'o', ['ś'] = 's', ['ź'] = 'z', ['ż'] = 'z', ['Ł'] = 'L', ['Ś'] = 'S', ['Ż'] = 'Z', ['Ź'] = 'Z' };
        return new string(text.Select(c => map.GetValueOrDefault(c, c)).ToArray());
    }
}
