using System.Globalization;
using CrmBlazor.Components.Elements;

namespace CrmBlazor.Components.Pages.Leads;

/// <summary>
/// Adds or edits a lead, shows possible duplicates as the user types, moves it along its status bar and opens
/// "Complete lead". Watches the lead's own element topic, so another user's save (or status change) shows live.
/// </summary>
public sealed partial class LeadEdit(
    LeadService leads, LeadOptionService leadOptions, RecordAccess access, DuplicateFinder duplicates, CurrentUser currentUser, IDialogService dialogs, ISnackbar snackbar,
    NavigationManager navigation, CurrencyService currencies, LiveViews liveViews, PersistentComponentState circuitState,
    IStringLocalizer<SharedResource> L) : IDisposable
{
    /// <summary>The key of the status bar's last step, where Complete lead ends.</summary>
    private const string CompleteStep = "complete";

    /// <summary>Settings' statuses, sources and junk reasons (decision 030), read again live when an admin changes them.</summary>
    private LeadOptionSet _options = LeadOptionSet.Empty;

    private LiveView? _live;
    private ElementFieldsWatch? _fields;
    private LeadFormModel _form = new();
    private LeadDetails? _details;
    private IReadOnlyList<DuplicateMatch> _duplicates = [];
    private FormSubmission _submission = default!;
    private InPlaceEdit _edit = default!;
    private KeptTyping? _kept;
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
        _edit = new InPlaceEdit(SaveFieldAsync, CancelFieldAsync, StateHasChanged,
            () => _details is null || InPlaceEdit.Same(_form.ToInput(), _details.Input));
        _kept = new KeptTyping(circuitState, _edit, () => _details is null ? null : ElementRef.Lead(_details.Id), () => _details?.Input, () => _form.ToInput());
        _live.WatchReload(LiveTopics.LeadOptions, async () =>
        {
            // A status added, renamed, reordered or deactivated: the bar and the names follow.
            _options = await leadOptions.ListAsync();
            StateHasChanged();
        });
    }

    protected override async Task OnParametersSetAsync()
    {
        _actor = await currentUser.GetActorAsync();
        if (_options.All.Count == 0)
        {
            _options = await leadOptions.ListAsync();
        }
        _submission = new FormSubmission(L) { SayInvalid = true };
        if (Id is { } id)
        {
            // Subscribed before it reads, so a change committed meanwhile is not missed.
            await _fields!.FollowAndLoadAsync(ElementRef.Lead(id));
            return;
        }
        _details = null;
        _form = new LeadFormModel { ResponsibleUserId = _actor.UserId, Currency = await currencies.BaseCodeAsync() };
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
            if (_kept!.Resume(ElementRef.Lead(id), _details.Input, _edit, out var changedMeanwhile) is { } typed)
            {
                // Back after a lost circuit: the field the user was typing in is open again with their text.
                _form = LeadFormModel.From(typed);
                if (changedMeanwhile)
                {
                    _submission.Message = L["InPlace.KeptChangedMeanwhile"];
                }
            }
        }
        _loaded = true;
        await FindDuplicatesAsync();
    }

    /// <summary>
    /// The bar: the open statuses of Settings in their order (active ones and the lead's own), then where Complete lead
    /// ends: the lead's own closed status, or the first converted one. Coloured by kind.
    /// </summary>
    private IReadOnlyList<StageStep> StatusSteps()
    {
        var own = _details?.Input.StatusId;
        var closing = _details is { IsOpen: false } ? _options.Find(own) : _options.Default(LeadOptionList.Status, (int)LeadStatus.Converted);
        return
        [
            .. _options.OpenStatuses(own).Select(s => new StageStep(s.Id.ToString(CultureInfo.InvariantCulture), s.Label(), KindColor(s.StatusKind))),
            new StageStep(CompleteStep, closing?.Label() ?? L["Lead.Complete"], KindColor(closing?.StatusKind ?? LeadStatus.Converted)),
        ];
    }

    private static string KindColor(LeadStatus kind) => kind switch
    {
        LeadStatus.New => "#2196f3",
        LeadStatus.InProgress or LeadStatus.Processed => "#ffb300",
        LeadStatus.Converted => "#2e7d32",
        _ => "#757575",
    };

    private int StatusIndex()
    {
        if (_details is null)
        {
            return -1;
        }
        var steps = StatusSteps();
        return _details.IsOpen ? steps.ToList().FindIndex(s => s.Key == _details.Input.StatusId?.ToString(CultureInfo.InvariantCulture)) : steps.Count - 1;
    }

    /// <summary>One click on the status bar: an open status is saved at once; the last step opens "Complete lead".</summary>
    private async Task PickStatusAsync(StageStep step)
    {
        if (_details is not { IsOpen: true } details || _actor is null)
        {
            return;
        }
        if (step.Key == CompleteStep)
        {
            await CompleteAsync();
            return;
        }
        if (!int.TryParse(step.Key, CultureInfo.InvariantCulture, out var status))
        {
            return;
        }
        // A field's save in progress goes first (the click on the bar ended its editing): the change takes its version.
        await _edit.Settled;
        if (_details is not { IsOpen: true } current)
        {
            return;
        }
        details = current;
        var result = await leads.UpdateAsync(details.Id, details.Version, details.Input with { StatusId = status }, _actor);
        if (result is { IsOk: true, Value: { } saved })
        {
            _submission.Message = null;
            snackbar.Add(L["Lead.StatusChanged", _options.Label(status)], Severity.Success);
            // What the user typed in the other fields stays; the form now saves over the new version and status.
            var typed = System.Text.Json.JsonSerializer.Serialize(_form.ToInput()) != System.Text.Json.JsonSerializer.Serialize(details.Input);
            _details = saved;
            if (typed)
            {
                _form.StatusId = status;
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

    public void Dispose()
    {
        _live?.Dispose();
        _kept?.Dispose();
    }

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
