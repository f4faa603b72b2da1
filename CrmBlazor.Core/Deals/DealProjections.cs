using System.Linq.Expressions;

namespace CrmBlazor.Core.Deals;

internal static class DealProjections
{
    public static readonly Expression<Func<Deal, DealCard>> Card = d => new DealCard(
        d.Id,
        d.PipelineId,
        d.StageId,
        d.Rank,
        d.Title,
        d.Amount,
        d.Currency,
        d.CompanyId,
        d.Company != null ? d.Company.Name : null,
        d.ContactId,
        d.Contact != null ? (d.Contact.FirstName + " " + (d.Contact.LastName ?? "")).Trim() : null,
        d.ResponsibleUserId,
        d.ResponsibleUser != null ? d.ResponsibleUser.DisplayName : null,
        d.StageEnteredAt,
        d.Version);

    /// <summary>The card of a tracked deal, with the names that were read alongside it.</summary>
    public static DealCard ToCard(this Deal d, DealNames names) => new(
        d.Id, d.PipelineId, d.StageId, d.Rank, d.Title, d.Amount, d.Currency,
        d.CompanyId, names.CompanyName, d.ContactId, names.ContactName,
        d.ResponsibleUserId, names.ResponsibleName, d.StageEnteredAt, d.Version);
}

internal sealed record DealNames(string? CompanyName, string? ContactName, string? ResponsibleName);
