using CrmBlazor.Core;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Components.Pages.Leads;

/// <summary>Adds or edits a lead, shows possible duplicates as the user types, and opens "Complete lead".</summary>
public sealed partial class LeadEdit(
    LeadService leads, RecordAccess access, DuplicateFinder duplicates, CurrentUser currentUser, IDialogService dialogs, ISnackbar snackbar,
    NavigationManager navigation, IOptions<CrmOptions> crmOptions, IStringLocalizer<SharedResource> L)
{
    private LeadFormModel _form = new();
    private LeadDetails? _details;
    private IReadOnlyList<DuplicateMatch> _duplicates = [];
    private FormSubmission _submission = default!;
    private Actor? _actor;
    private string? _title;
    private bool _loaded;
    private bool _notFound;
    private bool _canChange = true;

    [Parameter]
    public int? Id { get; set; }

    private bool _forbidden;

    private bool _readOnly => _details is { IsOpen: false } || !_canChange;

    protected override async Task OnParametersSetAsync()
    {
        _actor = await currentUser.GetActorAsync();
        _submission = new FormSubmission(L) { SayInvalid = true };
        if (Id is { } id)
        {
            _forbidden = !await access.MayReadAsync(ElementRef.Lead(id), _actor);
            _details = _forbidden ? null : await leads.GetAsync(id);
            _notFound = _details is null;
            if (_details is not null)
            {
                _form = LeadFormModel.From(_details.Input);
                _title = _details.Input.Title;
                _canChange = AccessPolicy.May(_actor, AccessEntity.Lead, AccessAction.Edit, _details.Input.ResponsibleUserId);
            }
        }
        else
        {
            _details = null;
            _form = new LeadFormModel { ResponsibleUserId = _actor.UserId, Currency = crmOptions.Value.DefaultCurrency };
        }
        _loaded = true;
        await FindDuplicatesAsync();
    }

    private async Task SaveAsync()
    {
        if (_actor is null)
        {
            return;
        }
        var (actor, input, details) = (_actor, _form.ToInput(), _details);
        var result = await _submission.RunAsync(() => details is null ? leads.CreateAsync(input, actor) : leads.UpdateAsync(details.Id, details.Version, input, actor));
        if (result is not { IsOk: true, Value: { } saved })
        {
            return;
        }
        snackbar.Add(L["Common.Saved"], Severity.Success);
        if (details is null)
        {
            navigation.NavigateTo($"leads/{saved.Id}");
            return;
        }
        _details = saved;
        _form = LeadFormModel.From(saved.Input);
    }

    private async Task CompleteAsync()
    {
        if (_details is null)
        {
            return;
        }
        var parameters = new DialogParameters<LeadCompleteDialog> { { d => d.LeadId, _details.Id }, { d => d.LeadVersion, _details.Version } };
        var dialog = await dialogs.ShowAsync<LeadCompleteDialog>(L["Lead.Complete"], parameters, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is not { Canceled: false, Data: LeadOutcome outcome })
        {
            return;
        }
        if (outcome is { DealId: null, ContactId: null, CompanyId: null })
        {
            await OnParametersSetAsync(); // junk: stay, and show the closed lead
            return;
        }
        // Work goes on with what the lead became: the new deal first, then the contact or the company.
        navigation.NavigateTo(outcome switch
        {
            { DealId: { } dealId } => $"deals?deal={dealId}",
            { ContactId: not null } => "contacts",
            _ => "companies",
        });
    }

    private async Task FindDuplicatesAsync()
    {
        if (_details is { IsOpen: false })
        {
            _duplicates = [];
            return;
        }
        _duplicates = await duplicates.FindAsync(_form.Probe(_details?.Id), await currentUser.GetActorAsync());
    }

    private static string LinkTo(DuplicateMatch match) => match.Kind switch
    {
        ElementKind.Lead => $"leads/{match.Id}",
        ElementKind.Contact => "contacts",
        ElementKind.Company => "companies",
        _ => $"deals?deal={match.Id}",
    };
}
