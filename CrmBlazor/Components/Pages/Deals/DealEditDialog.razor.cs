using CrmBlazor.Components.Shared;
using CrmBlazor.Core.Common;
using CrmBlazor.Core.Deals;
using CrmBlazor.Core.Identity;
using CrmBlazor.Core.Pipelines;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CrmBlazor.Components.Pages.Deals;

/// <summary>Creates a deal (<see cref="Initial"/>) or edits one (<see cref="DealId"/>); the core validates and saves.</summary>
public sealed partial class DealEditDialog
{
    private IReadOnlyList<UserSummary> _users = [];
    private FieldErrors _errors = FieldErrors.None;
    private string? _message;
    private bool _loaded;
    private bool _saving;
    private int _version;
    private string _title = "";
    private decimal _amount;
    private string _currency = "";
    private int _stageId;
    private Lookup? _company;
    private Lookup? _contact;
    private string? _responsibleUserId;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter, EditorRequired]
    public IReadOnlyList<StageView> Stages { get; set; } = [];

    [Parameter]
    public int? DealId { get; set; }

    [Parameter]
    public DealInput? Initial { get; set; }

    /// <summary>The names of <see cref="Initial"/>'s company and contact, for a deal started from their page.</summary>
    [Parameter]
    public Lookup? InitialCompany { get; set; }

    [Parameter]
    public Lookup? InitialContact { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _users = await Users.GetUsersAsync();
        if (DealId is { } id)
        {
            var deal = await Deals.GetForEditAsync(id);
            if (deal is null)
            {
                _message = L["Deal.NotFound"].Value;
                return;
            }
            _version = deal.Version;
            Fill(deal.Input);
            _company = deal.Input.CompanyId is { } companyId ? new Lookup(companyId, deal.CompanyName ?? "") : null;
            _contact = deal.Input.ContactId is { } contactId ? new Lookup(contactId, deal.ContactName ?? "") : null;
        }
        else
        {
            Fill(Initial ?? new DealInput { StageId = Stages.FirstOrDefault()?.Id ?? 0, Currency = CrmOptions.Value.DefaultCurrency });
            (_company, _contact) = (InitialCompany, InitialContact);
        }
        _loaded = true;
    }

    private void Fill(DealInput input)
    {
        _title = input.Title;
        _amount = input.Amount;
        _currency = input.Currency;
        _stageId = input.StageId;
        _responsibleUserId = input.ResponsibleUserId;
    }

    private async Task<IEnumerable<Lookup>> SearchCompaniesAsync(string? text, CancellationToken ct) => await Companies.SearchAsync(text, ct: ct);

    private async Task<IEnumerable<Lookup>> SearchContactsAsync(string? text, CancellationToken ct) => await Contacts.SearchAsync(text, ct: ct);

    private async Task SaveAsync()
    {
        _saving = true;
        try
        {
            var actor = await CurrentUser.GetActorAsync();
            var input = new DealInput
            {
                Title = _title ?? "",
                Amount = _amount,
                Currency = _currency ?? "",
                StageId = _stageId,
                CompanyId = _company?.Id,
                ContactId = _contact?.Id,
                ResponsibleUserId = _responsibleUserId,
            };
            var result = DealId is { } id
                ? await Deals.UpdateAsync(id, _version, input, actor)
                : await Deals.CreateAsync(input, actor);
            if (result.IsOk)
            {
                Dialog.Close(DialogResult.Ok(result.Value));
                return;
            }
            _errors = new FieldErrors(result.Errors);
            _message = result.Status switch
            {
                ResultStatus.Invalid => null,
                ResultStatus.Conflict => L["Deal.EditConflictReload"].Value,
                _ => L[result.MessageKey ?? "Error.Unexpected"].Value,
            };
            if (result.Status == ResultStatus.Conflict && result.Value is { } current)
            {
                // Show what the other user saved; the user's own edits are lost only if they choose to save again.
                var reloaded = await Deals.GetForEditAsync(current.Id);
                if (reloaded is not null)
                {
                    _version = reloaded.Version;
                }
            }
        }
        catch (Exception ex) when (Transient.IsDatabaseFailure(ex))
        {
            // Nothing was saved; the form keeps what the user typed.
            _message = L["Error.Unexpected"].Value;
        }
        finally
        {
            _saving = false;
        }
    }
}
