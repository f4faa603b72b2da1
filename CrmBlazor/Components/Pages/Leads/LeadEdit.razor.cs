using CrmBlazor.Components.Elements;
using CrmBlazor.Core;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Components.Pages.Leads;

/// <summary>
/// Adds or edits a lead, shows possible duplicates as the user types, moves it along its status bar and opens
/// "Complete lead". Watches the lead's own element topic, so another user's save (or status change) shows live.
/// </summary>
public sealed partial class LeadEdit(
    LeadService leads, RecordAccess access, DuplicateFinder duplicates, CurrentUser currentUser, IDialogService dialogs, ISnackbar snackbar,
    NavigationManager navigation, IOptions<CrmOptions> crmOptions, LiveViews liveViews, IStringLocalizer<SharedResource> L) : IDisposable
{
    /// <summary>The open statuses in order, then where Complete lead ends (its colour per status, as on the bar).</summary>
    private static readonly (LeadStatus Status, string Color)[] Statuses =
    [
        (LeadStatus.New, "#2196f3"), (LeadStatus.InProgress, "#ffb300"), (LeadStatus.Processed, "#26a69a"), (LeadStatus.Converted, "#2e7d32"),
    ];

    private LiveView? _live;
    private ElementFieldsWatch? _fields;
    private LeadFormModel _form = new();
    private LeadDetails? _details;
    private IReadOnlyList<DuplicateMatch> _duplicates = [];
    private FormSubmission _submission = default!;
    private InPlaceEdit _edit = default!;
    private Actor? _actor;
    private string? _title;
    private bool _loaded;
    private bool _notFound;
    private bool _canChange = true;

    [Parameter]
    public int? Id { get; set; }

    private bool _forbidden;

    private bool _readOnly => _details is { IsOpen: false } || !_canChange;

    protected override void OnInitialized()
    {
        _live = liveViews.For(InvokeAsync, DispatchExceptionAsync);
        _fields = new ElementFieldsWatch(_live, () => _details?.Version, () => _details is null ? null : _form.ToInput(), LoadAsync, StateHasChanged);
        _edit = new InPlaceEdit(SaveFieldAsync, CancelFieldAsync, StateHasChanged);
    }

    protected override async Task OnParametersSetAsync()
    {
        _actor = await currentUser.GetActorAsync();
        _submission = new FormSubmission(L) { SayInvalid = true };
        if (Id is { } id)
        {
            // Subscribed before it reads, so a change committed meanwhile is not missed.
            await _fields!.FollowAndLoadAsync(ElementRef.Lead(id));
            return;
        }
        _details = null;
        _form = new LeadFormModel { ResponsibleUserId = _actor.UserId, Currency = crmOptions.Value.DefaultCurrency };
        _loaded = true;
        await FindDuplicatesAsync();
    }

    private async Task LoadAsync()
    {
        if (Id is not { } id)
        {
            return;
        }
        _actor ??= await currentUser.GetActorAsync();
        _forbidden = !await access.MayReadAsync(ElementRef.Lead(id), _actor);
        _details = _forbidden ? null : await leads.GetAsync(id);
        _notFound = _details is null;
        if (_details is not null)
        {
            _form = LeadFormModel.From(_details.Input);
            _title = _details.Input.Title;
            _canChange = AccessPolicy.May(_actor, AccessEntity.Lead, AccessAction.Edit, _details.Input.ResponsibleUserId);
            _edit.CanEdit = !_readOnly;
            _fields!.Loaded();
        }
        _loaded = true;
        await FindDuplicatesAsync();
    }

    private IReadOnlyList<StageStep> StatusSteps() =>
    [
        .. Statuses.Select(s => _details?.Input.Status == LeadStatus.Junk && s.Status == LeadStatus.Converted ? (Status: LeadStatus.Junk, Color: "#757575") : s)
            .Select(s => new StageStep(s.Status.ToString(), L["LeadStatus." + s.Status], s.Color)),
    ];

    private int StatusIndex() => _details?.Input.Status switch
    {
        null => -1,
        LeadStatus.Junk => Statuses.Length - 1,
        { } status => Array.FindIndex(Statuses, s => s.Status == status),
    };

    /// <summary>One click on the status bar: an open status is saved at once; the last step opens "Complete lead".</summary>
    private async Task PickStatusAsync(StageStep step)
    {
        if (_details is not { IsOpen: true } details || _actor is null || !Enum.TryParse<LeadStatus>(step.Key, out var status))
        {
            return;
        }
        if (status is LeadStatus.Converted or LeadStatus.Junk)
        {
            await CompleteAsync();
            return;
        }
        // A field's save in progress goes first (the click on the bar ended its editing): the change takes its version.
        await _edit.Settled;
        if (_details is not { IsOpen: true } current)
        {
            return;
        }
        details = current;
        var result = await leads.UpdateAsync(details.Id, details.Version, details.Input with { Status = status }, _actor);
        if (result is { IsOk: true, Value: { } saved })
        {
            _submission.Message = null;
            snackbar.Add(L["Lead.StatusChanged", L["LeadStatus." + status]], Severity.Success);
            // What the user typed in the other fields stays; the form now saves over the new version and status.
            var typed = System.Text.Json.JsonSerializer.Serialize(_form.ToInput()) != System.Text.Json.JsonSerializer.Serialize(details.Input);
            _details = saved;
            if (typed)
            {
                _form.Status = status;
            }
            else
            {
                _form = LeadFormModel.From(saved.Input);
                _fields!.Loaded();
            }
            return;
        }
        _submission.Message = (result.Errors.FirstOrDefault()?.MessageKey ?? result.MessageKey) is { } key ? L[key].Value : null;
        await _fields!.ReloadAsync();
    }

    public void Dispose() => _live?.Dispose();

    /// <summary>
    /// Saves the one field edited in place: the whole input, through the same use case and version as the form, differing
    /// from what was loaded only in that field. False keeps the field open (its error shows next to it).
    /// </summary>
    private async Task<bool> SaveFieldAsync()
    {
        if (_details is not { } details || _actor is null)
        {
            return true;
        }
        var (actor, input) = (_actor, _form.ToInput());
        if (InPlaceEdit.Same(input, details.Input))
        {
            _submission.Clear();
            return true;
        }
        var savedBy = _fields?.SavedBy;
        var result = await _submission.RunAsync(() => leads.UpdateAsync(details.Id, details.Version, input, actor));
        switch (result)
        {
            case { IsOk: true, Value: { } saved }:
                snackbar.Add(L["Common.Saved"], Severity.Success);
                _details = saved;
                _form = LeadFormModel.From(saved.Input);
                _title = saved.Input.Title;
                _fields!.Loaded();
                return true;
            case { Status: ResultStatus.Conflict }:
                // Someone saved first: say so and what they changed, and show what is saved now.
                await _fields!.ReloadAsync();
                _submission.Message = InPlaceEdit.ConflictMessage(L, savedBy, _edit.ChangedLabels(details.Input, _details?.Input));
                return true;
            default:
                return false; // its error shows next to the field, which stays open

        }
    }

    /// <summary>Escape: the field shows the saved value again (another user's, when they saved meanwhile).</summary>
    private async Task CancelFieldAsync()
    {
        _submission.Clear();
        await _fields!.ReloadAsync();
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
        _fields!.Loaded();
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
            { ContactId: { } contactId } => $"contacts/{contactId}",
            { CompanyId: { } companyId } => $"companies/{companyId}",
            _ => "leads",
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
        ElementKind.Contact => $"contacts/{match.Id}",
        ElementKind.Company => $"companies/{match.Id}",
        _ => $"deals/{match.Id}",
    };
}
