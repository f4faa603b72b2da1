namespace CrmBlazor.Core.Access;

/// <summary>
/// Every rule about who may read and change what, in one place. Core services ask it before they change anything and
/// use its query filters when they list; pages ask it only to show or hide a button, never to decide.
/// </summary>
/// <remarks>
/// Today's rules (decision 005): the team's leads, contacts, companies and deals are visible to everyone; admins and
/// managers change all of them, sales users their own and unassigned ones. Activities are personal. Comments belong to
/// their authors. The catalog is kept by admins and managers, settings by admins. Reports show a sales user their own
/// numbers. A change to these rules is a change to this class and its tests, nowhere else.
/// </remarks>
public static class AccessPolicy
{
    /// <summary>Admins and managers act on every record and see everyone's numbers.</summary>
    public static bool ManagesAll(Actor actor) => actor.IsInRole(CrmRoles.Admin) || actor.IsInRole(CrmRoles.Manager);

    /// <summary>
    /// Whether <paramref name="actor"/> may change a lead, contact, company or deal (and its product lines) that
    /// <paramref name="responsibleUserId"/> is responsible for: their own, unassigned ones, or any as admin or manager.
    /// </summary>
    public static bool MayChange(Actor actor, string? responsibleUserId) =>
        ManagesAll(actor) || responsibleUserId is null || responsibleUserId == actor.UserId;

    /// <summary>Whether <paramref name="actor"/> may edit, complete or delete an activity: its responsible user, who planned it, admins and managers.</summary>
    public static bool MayChangeActivity(Actor actor, string? responsibleUserId, string? createdById) =>
        ManagesAll(actor) || responsibleUserId == actor.UserId || createdById == actor.UserId;

    /// <summary>Whether <paramref name="actor"/> may edit or delete a comment: only its author.</summary>
    public static bool MayChangeComment(Actor actor, string? authorId) => authorId is not null && authorId == actor.UserId;

    /// <summary>Products and sections, and saving a typed product line to the catalog: admins and managers.</summary>
    public static bool MayManageCatalog(Actor actor) => ManagesAll(actor);

    /// <summary>The CRM's settings (lost reasons today): admins.</summary>
    public static bool MayManageSettings(Actor actor) => actor.IsInRole(CrmRoles.Admin);

    /// <summary>Web forms and the site widget (their fields, who gets the leads, their submission log): admins and managers.</summary>
    public static bool MayManageWebForms(Actor actor) => ManagesAll(actor);

    /// <summary>API tokens: everyone keeps their own; admins see and revoke everyone's.</summary>
    public static bool MayManageAllApiTokens(Actor actor) => actor.IsInRole(CrmRoles.Admin);

    /// <summary>Whether <paramref name="actor"/> may revoke a token of <paramref name="ownerId"/>: their own, or any as admin.</summary>
    public static bool MayRevokeApiToken(Actor actor, string ownerId) => ownerId == actor.UserId || MayManageAllApiTokens(actor);

    /// <summary>Registering and finishing a telephone call for <paramref name="userId"/>: their own, or anyone's as admin or manager (a PBX integration's token).</summary>
    public static bool MayRegisterCallFor(Actor actor, string userId) => userId == actor.UserId || ManagesAll(actor);

    /// <summary>Importing files of leads (each row still under <see cref="MayChange"/> when it updates a lead): every signed-in user.</summary>
    public static bool MayImport(Actor actor) => actor.UserId.Length > 0;

    /// <summary>Cancelling or undoing an import run: who started it, admins and managers.</summary>
    public static bool MayChangeImport(Actor actor, string startedById) => ManagesAll(actor) || startedById == actor.UserId;

    /// <summary>Whether <paramref name="actor"/> may pick another user's numbers in the funnel and reports.</summary>
    public static bool SeesEveryonesNumbers(Actor actor) => ManagesAll(actor);

    /// <summary>
    /// The user whose numbers a report or funnel shows: <paramref name="requested"/> (null or empty for the whole team)
    /// for admins and managers, always the actor's own for everyone else.
    /// </summary>
    public static string? ReportUser(Actor actor, string? requested) =>
        SeesEveryonesNumbers(actor) ? (string.IsNullOrEmpty(requested) ? null : requested) : actor.UserId;

    /// <summary>
    /// The activities <paramref name="actor"/> sees in lists and element pages, as a query filter that runs in SQL:
    /// admins and managers all; others those they are responsible for or planned, and those on their own elements.
    /// </summary>
    public static IQueryable<Activity> VisibleActivities(CrmDbContext db, Actor actor)
    {
        var activities = db.Activities.AsNoTracking();
        if (ManagesAll(actor))
        {
            return activities;
        }
        var me = actor.UserId;
        return activities.Where(a => a.ResponsibleUserId == me || a.CreatedById == me
            || (a.ElementKind == ElementKind.Lead && db.Leads.Any(l => l.Id == a.ElementId && l.ResponsibleUserId == me))
            || (a.ElementKind == ElementKind.Contact && db.Contacts.Any(c => c.Id == a.ElementId && c.ResponsibleUserId == me))
            || (a.ElementKind == ElementKind.Company && db.Companies.Any(c => c.Id == a.ElementId && c.ResponsibleUserId == me))
            || (a.ElementKind == ElementKind.Deal && db.Deals.Any(d => d.Id == a.ElementId && d.ResponsibleUserId == me)));
    }
}
