namespace CrmBlazor.Core.Access;

/// <summary>
/// Every rule about who may read and change what, in one place. Core services ask it before they change anything and
/// use its query filters when they list; pages ask it only to show or hide a button, never to decide.
/// </summary>
/// <remarks>
/// Roles are data (decision 011): every actor acts with a role record's scope per entity and action (none, own,
/// department, all), loaded into <see cref="Actor.Access"/>; an actor without one acts as the built-in role of its
/// Identity role, which keeps the rules of decision 005: the team's leads, contacts, companies and deals are visible
/// to everyone; admins and managers change all of them, sales users their own and unassigned ones. Activities are
/// personal. Comments belong to their authors. Settings are kept by admins. A change to these rules is a change to
/// this class and its tests, nowhere else.
/// </remarks>
public static partial class AccessPolicy
{
    /// <summary>Admins and managers act on every record and see everyone's numbers.</summary>
    public static bool ManagesAll(Actor actor) => actor.IsInRole(CrmRoles.Admin) || actor.IsInRole(CrmRoles.Manager);

    /// <summary>
    /// Whether <paramref name="actor"/> may change a lead, contact, company or deal (and its product lines) that
    /// <paramref name="responsibleUserId"/> is responsible for: their own, unassigned ones, or any as admin or manager.
    /// </summary>
    /// <remarks>The edit scope of deals; callers that know the entity use <see cref="May"/>.</remarks>
    public static bool MayChange(Actor actor, string? responsibleUserId) =>
        May(actor, AccessEntity.Deal, AccessAction.Edit, responsibleUserId);

    /// <summary>The scope <paramref name="actor"/>'s role gives <paramref name="action"/> on <paramref name="entity"/>.</summary>
    public static AccessScope ScopeOf(Actor actor, AccessEntity entity, AccessAction action) =>
        actor.Access?.ScopeOf(entity, action) ?? BuiltInRoles.ScopeFor(actor.Roles, entity, action);

    /// <summary>Whether <paramref name="action"/> on <paramref name="entity"/> reaches any record at all (to show a button or a page).</summary>
    public static bool MayAtAll(Actor actor, AccessEntity entity, AccessAction action) => ScopeOf(actor, entity, action) != AccessScope.None;

    /// <summary>
    /// Whether <paramref name="actor"/> may do <paramref name="action"/> on a record of <paramref name="entity"/> that
    /// <paramref name="responsibleUserId"/> is responsible for (for an add: the one it is to have).
    /// </summary>
    public static bool May(Actor actor, AccessEntity entity, AccessAction action, string? responsibleUserId) =>
        Reaches(actor, ScopeOf(actor, entity, action), responsibleUserId);

    /// <summary>Whether <paramref name="scope"/> of <paramref name="actor"/> reaches a record of <paramref name="responsibleUserId"/>.</summary>
    public static bool Reaches(Actor actor, AccessScope scope, string? responsibleUserId) => scope switch
    {
        AccessScope.All => true,
        AccessScope.Department => responsibleUserId is null || responsibleUserId == actor.UserId || InTeam(actor, responsibleUserId),
        AccessScope.Own => responsibleUserId is null || responsibleUserId == actor.UserId,
        _ => false,
    };

    /// <summary>
    /// Why <paramref name="actor"/> may not add a record of <paramref name="entity"/> that <paramref name="responsibleUserId"/>
    /// is to be responsible for, as a resource key; null when they may (the role's add scope reaches that user).
    /// </summary>
    /// <remarks>
    /// Measured by the responsible user the new record gets (for an activity too: its planner is always the actor, so
    /// "own" means planning for oneself). Products have no owner: any add scope but none reaches them.
    /// </remarks>
    public static string? WhyMayNotAdd(Actor actor, AccessEntity entity, string? responsibleUserId) =>
        May(actor, entity, AccessAction.Add, responsibleUserId) ? null : ScopeOf(actor, entity, AccessAction.Add) switch
        {
            AccessScope.Own => "Access.AddNotYours",
            AccessScope.Department => "Access.AddNotYourTeam",
            _ => "Access.AddRole",
        };

    /// <summary>Whether <paramref name="actor"/> may add a record of <paramref name="entity"/> for <paramref name="responsibleUserId"/>.</summary>
    public static bool MayAdd(Actor actor, AccessEntity entity, string? responsibleUserId) => WhyMayNotAdd(actor, entity, responsibleUserId) is null;

    /// <summary>Whether <paramref name="actor"/> may read a record of <paramref name="entity"/> that <paramref name="responsibleUserId"/> is responsible for.</summary>
    public static bool MayRead(Actor actor, AccessEntity entity, string? responsibleUserId) =>
        May(actor, entity, AccessAction.Read, responsibleUserId);

    /// <summary>
    /// The records of <paramref name="entity"/> <paramref name="actor"/> may read, as a filter that runs in SQL: every
    /// list, count, sum and search of leads, contacts, companies and deals goes through it.
    /// </summary>
    public static IQueryable<T> Readable<T>(IQueryable<T> source, Actor actor, AccessEntity entity) where T : class, IResponsibleRecord =>
        Within(source, actor, ScopeOf(actor, entity, AccessAction.Read));

    /// <summary>Whether <paramref name="actor"/>'s role reads every record of <paramref name="entity"/> (no filter needed).</summary>
    public static bool ReadsAll(Actor actor, AccessEntity entity) => ScopeOf(actor, entity, AccessAction.Read) == AccessScope.All;

    /// <summary>
    /// The records of <paramref name="entity"/> <paramref name="actor"/> may export (CSV, XLSX): those both its read and
    /// its export scope reach, as a filter that runs in SQL.
    /// </summary>
    public static IQueryable<T> Exportable<T>(IQueryable<T> source, Actor actor, AccessEntity entity) where T : class, IResponsibleRecord =>
        Within(Readable(source, actor, entity), actor, ScopeOf(actor, entity, AccessAction.Export));

    /// <summary>
    /// The timeline entries (History, an element's timeline) of elements <paramref name="actor"/> may read, as a filter
    /// that runs in SQL. An entry of an element that no longer exists is kept only for a role that reads every element
    /// of its kind (nobody else can tell whose it was).
    /// </summary>
    public static IQueryable<TimelineEntry> ReadableEntries(CrmDbContext db, IQueryable<TimelineEntry> entries, Actor actor)
    {
        var (allLeads, allContacts, allCompanies, allDeals) =
            (ReadsAll(actor, AccessEntity.Lead), ReadsAll(actor, AccessEntity.Contact), ReadsAll(actor, AccessEntity.Company), ReadsAll(actor, AccessEntity.Deal));
        if (allLeads && allContacts && allCompanies && allDeals)
        {
            return entries;
        }
        // Records in the recycle bin keep their owner: their entries follow it, as they do for readers of everything.
        var leads = Readable(db.Leads.IgnoreQueryFilters(), actor, AccessEntity.Lead).Select(l => l.Id);
        var contacts = Readable(db.Contacts.IgnoreQueryFilters(), actor, AccessEntity.Contact).Select(c => c.Id);
        var companies = Readable(db.Companies.IgnoreQueryFilters(), actor, AccessEntity.Company).Select(c => c.Id);
        var deals = Readable(db.Deals.IgnoreQueryFilters(), actor, AccessEntity.Deal).Select(d => d.Id);
        return entries.Where(e =>
            (e.ElementKind == ElementKind.Lead && (allLeads || leads.Contains(e.ElementId)))
            || (e.ElementKind == ElementKind.Contact && (allContacts || contacts.Contains(e.ElementId)))
            || (e.ElementKind == ElementKind.Company && (allCompanies || companies.Contains(e.ElementId)))
            || (e.ElementKind == ElementKind.Deal && (allDeals || deals.Contains(e.ElementId))));
    }

    /// <summary>The records of <paramref name="source"/> that <paramref name="scope"/> of <paramref name="actor"/> reaches, in SQL.</summary>
    public static IQueryable<T> Within<T>(IQueryable<T> source, Actor actor, AccessScope scope) where T : class, IResponsibleRecord
    {
        switch (scope)
        {
            case AccessScope.All:
                return source;
            case AccessScope.Department or AccessScope.Own:
                var users = UsersReached(actor, scope);
                return source.Where(r => r.ResponsibleUserId == null || users.Contains(r.ResponsibleUserId));
            default:
                return source.Where(r => false);
        }
    }

    /// <summary>
    /// The records of <paramref name="entity"/> <paramref name="actor"/> may read (<see cref="Readable{T}"/>), as disjoint
    /// parts whose union is exactly that filter, each a plain test of the responsible user that an index on it seeks
    /// instead of testing every row: the whole source for a role reading all; for a department or own scope the
    /// unassigned records, and those of the users the scope reaches (one <c>IN</c> list); nothing for no scope.
    /// </summary>
    /// <remarks>
    /// For counts and sums over many rows (the board's columns, decision 024): the database reads only the index entries
    /// of the visible records, where <see cref="Readable{T}"/>'s <c>OR</c> makes it read and test every entry.
    /// </remarks>
    public static IReadOnlyList<IQueryable<T>> ReadableParts<T>(IQueryable<T> source, Actor actor, AccessEntity entity) where T : class, IResponsibleRecord
    {
        var scope = ScopeOf(actor, entity, AccessAction.Read);
        switch (scope)
        {
            case AccessScope.All:
                return [source];
            case AccessScope.Department or AccessScope.Own:
                var users = UsersReached(actor, scope);
                return [source.Where(r => r.ResponsibleUserId == null), source.Where(r => users.Contains(r.ResponsibleUserId!))];
            default:
                return [];
        }
    }

    /// <summary>The users whose records a department or own <paramref name="scope"/> of <paramref name="actor"/> reaches (besides unassigned ones).</summary>
    private static List<string> UsersReached(Actor actor, AccessScope scope) =>
        scope == AccessScope.Department ? TeamOf(actor) : [actor.UserId];

    /// <summary>
    /// Whether <paramref name="actor"/> may edit or complete an activity (or with <paramref name="action"/> Delete, delete
    /// it): by their role's activity edit (delete) scope, where "own" is the activities they are responsible for or
    /// planned (so by default: those, and all for admins and managers).
    /// </summary>
    public static bool MayChangeActivity(Actor actor, string? responsibleUserId, string? createdById, AccessAction action = AccessAction.Edit) =>
        ScopeOf(actor, AccessEntity.Activity, action) switch
        {
            AccessScope.All => true,
            AccessScope.Department => responsibleUserId == actor.UserId || createdById == actor.UserId || (responsibleUserId is not null && InTeam(actor, responsibleUserId)),
            AccessScope.Own => responsibleUserId == actor.UserId || createdById == actor.UserId,
            _ => false,
        };

    private static bool InTeam(Actor actor, string userId) => actor.Access?.TeamUserIds.Contains(userId) == true;

    /// <summary>The actor's department team (their own department and those below it), always with the actor.</summary>
    private static List<string> TeamOf(Actor actor)
    {
        var team = actor.Access?.TeamUserIds.ToList() ?? [];
        if (!team.Contains(actor.UserId))
        {
            team.Add(actor.UserId);
        }
        return team;
    }

    /// <summary>
    /// Whether <paramref name="actor"/> may delete a lead, contact or company (into the recycle bin) that
    /// <paramref name="responsibleUserId"/> is responsible for: by the role's delete scope of <paramref name="entity"/>.
    /// </summary>
    public static bool MayDelete(Actor actor, AccessEntity entity, string? responsibleUserId) =>
        May(actor, entity, AccessAction.Delete, responsibleUserId);

    /// <summary>The recycle bin: everyone sees what they deleted; admins see everything deleted (decision 020).</summary>
    public static bool SeesWholeRecycleBin(Actor actor) => actor.IsInRole(CrmRoles.Admin);

    /// <summary>Taking a deleted record back out of the bin: who deleted it, or an admin.</summary>
    public static bool MayRestore(Actor actor, string? deletedById) => deletedById == actor.UserId || SeesWholeRecycleBin(actor);

    /// <summary>
    /// Merging records of <paramref name="entity"/>: editing the one that stays and deleting every other
    /// (<paramref name="mergedResponsibleUserIds"/>), each by the role's scopes.
    /// </summary>
    public static bool MayMerge(Actor actor, AccessEntity entity, string? survivorResponsibleUserId, IEnumerable<string?> mergedResponsibleUserIds) =>
        May(actor, entity, AccessAction.Edit, survivorResponsibleUserId) && mergedResponsibleUserIds.All(r => MayDelete(actor, entity, r));

    /// <summary>Saving a list view that the whole team sees (decision 028): managers and admins.</summary>
    public static bool MayShareViews(Actor actor) => ManagesAll(actor);

    /// <summary>Renaming or deleting a saved view: its owner; a shared one also any manager or admin (they look after what the team sees).</summary>
    public static bool MayChangeSavedView(Actor actor, string ownerId, bool shared) => ownerId == actor.UserId || (shared && MayShareViews(actor));

    /// <summary>A GDPR erasure of a person's data, which cannot be undone: admins.</summary>
    public static bool MayErase(Actor actor) => actor.IsInRole(CrmRoles.Admin);

    /// <summary>Whether <paramref name="actor"/> may edit or delete a comment: only its author.</summary>
    public static bool MayChangeComment(Actor actor, string? authorId) => authorId is not null && authorId == actor.UserId;

    /// <summary>Changing products and sections: the role's product edit scope (admins and managers by default).</summary>
    public static bool MayManageCatalog(Actor actor) => MayAtAll(actor, AccessEntity.Product, AccessAction.Edit);

    /// <summary>Adding a product to the catalog (also saving a line typed on a deal to it): the role's product add scope (products have no owner).</summary>
    public static bool MayAddToCatalog(Actor actor) => MayAtAll(actor, AccessEntity.Product, AccessAction.Add);

    /// <summary>The CRM's settings (lost reasons today): admins.</summary>
    public static bool MayManageSettings(Actor actor) => actor.IsInRole(CrmRoles.Admin);

    /// <summary>A mailbox: the team's ones by admins; a user's own one by that user too.</summary>
    public static bool MayManageMailbox(Actor actor, string? ownerUserId) =>
        MayManageSettings(actor) || (ownerUserId is not null && ownerUserId == actor.UserId);

    /// <summary>An e-mail template: the team's (shared) ones by admins; a personal one by its owner only. Everyone uses the shared ones.</summary>
    public static bool MayManageMailTemplate(Actor actor, string? ownerUserId) =>
        ownerUserId is null ? MayManageSettings(actor) : ownerUserId == actor.UserId;

    /// <summary>Sending through a mailbox: the team's ones by everybody; a user's own one only by that user.</summary>
    public static bool MaySendThrough(Actor actor, string? ownerUserId) => ownerUserId is null || ownerUserId == actor.UserId;

    /// <summary>Web forms and the site widget (their fields, who gets the leads, their submission log): admins and managers.</summary>
    public static bool MayManageWebForms(Actor actor) => ManagesAll(actor);

    /// <summary>Outgoing webhooks send the team's data elsewhere: admins only.</summary>
    public static bool MayManageWebhooks(Actor actor) => actor.IsInRole(CrmRoles.Admin);

    /// <summary>API tokens: everyone keeps their own; admins see and revoke everyone's.</summary>
    public static bool MayManageAllApiTokens(Actor actor) => actor.IsInRole(CrmRoles.Admin);

    /// <summary>Whether <paramref name="actor"/> may revoke a token of <paramref name="ownerId"/>: their own, or any as admin.</summary>
    public static bool MayRevokeApiToken(Actor actor, string ownerId) => ownerId == actor.UserId || MayManageAllApiTokens(actor);

    /// <summary>Registering and finishing a telephone call for <paramref name="userId"/>: their own, or anyone's as admin or manager (a PBX integration's token).</summary>
    public static bool MayRegisterCallFor(Actor actor, string userId) => userId == actor.UserId || ManagesAll(actor);

    /// <summary>
    /// Starting an import of <paramref name="entity"/> (leads, contacts, companies, deals): the role's import scope of
    /// it reaches any record at all. Each row is then checked by <see cref="MayImportRow"/>.
    /// </summary>
    public static bool MayImport(Actor actor, AccessEntity entity) => MayAtAll(actor, entity, AccessAction.Import);

    /// <summary>
    /// Whether an import by <paramref name="actor"/> may write one row (decision 011): a row that creates a record needs
    /// an import scope at all and the add scope to reach the user the record is to be responsible for; a row that
    /// updates a record needs both the import and the edit scope to reach that record's responsible user. An import
    /// never does more than the same user could do by hand.
    /// </summary>
    public static bool MayImportRow(Actor actor, AccessEntity entity, string? responsibleUserId, bool creates) => creates
        ? MayImport(actor, entity) && May(actor, entity, AccessAction.Add, responsibleUserId)
        : May(actor, entity, AccessAction.Import, responsibleUserId) && May(actor, entity, AccessAction.Edit, responsibleUserId);

    /// <summary>Cancelling or undoing an import run: who started it, admins and managers.</summary>
    public static bool MayChangeImport(Actor actor, string startedById) => ManagesAll(actor) || startedById == actor.UserId;

    /// <summary>Whether <paramref name="actor"/> may pick another user's numbers in the funnel and reports.</summary>
    public static bool SeesEveryonesNumbers(Actor actor) => ScopeOf(actor, AccessEntity.Report, AccessAction.Read) == AccessScope.All;

    /// <summary>
    /// The user whose numbers a report or funnel shows: <paramref name="requested"/> (null or empty for the whole team)
    /// for admins and managers, always the actor's own for everyone else.
    /// </summary>
    /// <remarks>
    /// A department scope may pick one user of the department; its whole-team view is the actor's own numbers (the
    /// reports group by one user or none). No report scope at all shows nothing: the requested user is nobody's id.
    /// </remarks>
    public static string? ReportUser(Actor actor, string? requested) => ScopeOf(actor, AccessEntity.Report, AccessAction.Read) switch
    {
        AccessScope.All => string.IsNullOrEmpty(requested) ? null : requested,
        AccessScope.Department when !string.IsNullOrEmpty(requested) && (requested == actor.UserId || InTeam(actor, requested)) => requested,
        AccessScope.None => NobodyId,
        _ => actor.UserId,
    };

    /// <summary>A user id no user has: what a query filtered by it returns is nothing.</summary>
    public const string NobodyId = "-";

    /// <summary>
    /// The activities <paramref name="actor"/> sees in lists and element pages, as a query filter that runs in SQL:
    /// admins and managers all; others those they are responsible for or planned, and those on their own elements.
    /// </summary>
    public static IQueryable<Activity> VisibleActivities(CrmDbContext db, Actor actor)
    {
        var activities = db.Activities.AsNoTracking();
        var scope = ScopeOf(actor, AccessEntity.Activity, AccessAction.Read);
        if (scope == AccessScope.All)
        {
            return activities;
        }
        if (scope == AccessScope.None)
        {
            return activities.Where(a => false);
        }
        var me = actor.UserId;
        var team = scope == AccessScope.Department ? TeamOf(actor) : [me];
        return activities.Where(a => a.ResponsibleUserId == me || a.CreatedById == me || team.Contains(a.ResponsibleUserId)
            || (a.ElementKind == ElementKind.Lead && db.Leads.Any(l => l.Id == a.ElementId && l.ResponsibleUserId == me))
            || (a.ElementKind == ElementKind.Contact && db.Contacts.Any(c => c.Id == a.ElementId && c.ResponsibleUserId == me))
            || (a.ElementKind == ElementKind.Company && db.Companies.Any(c => c.Id == a.ElementId && c.ResponsibleUserId == me))
            || (a.ElementKind == ElementKind.Deal && db.Deals.Any(d => d.Id == a.ElementId && d.ResponsibleUserId == me)));
    }
}
