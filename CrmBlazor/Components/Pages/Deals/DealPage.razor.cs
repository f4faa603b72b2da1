using CrmBlazor.Components.Elements;

namespace CrmBlazor.Components.Pages.Deals;

/// <summary>
/// A deal's element page: its fields, its products, closing and reopening. Watches the deal's own element topic and
/// reloads when anyone changes the deal (a newer version than the one shown).
/// </summary>
public sealed partial class DealPage(
    DealQueryService queries, RecordAccess access, DealService deals, CrmTime time, LiveViews liveViews, CurrentUser currentUser,
    IDialogService dialogs, ISnackbar snackbar, PersistentComponentState circuitState, IStringLocalizer<SharedResource> L) : IDisposable
{
    private DealDetails? _deal;
    private DealFormModel _form = new();
    private FormSubmission _submission = default!;
    private InPlaceEdit _edit = default!;
    private List<BreadcrumbItem> _crumbs = [];
    private Actor? _actor;
    private LiveView? _live;
    private ElementFieldsWatch? _fields;
    private KeptTyping? _kept;
    private bool _notFound;
    private int _reopenStageId;

    [Parameter]
    public int Id { get; set; }

    private bool CanChange => _deal is not null && _actor is not null && AccessPolicy.MayChange(_actor, _deal.Input.ResponsibleUserId);

    private bool HasLines => _deal?.Products.Lines.Count > 0;

    protected override async Task OnInitializedAsync()
    {
        _submission = new FormSubmission(L) { ConflictKey = "Deal.EditConflictReload" };
        _live = liveViews.For(InvokeAsync, DispatchExceptionAsync);
        _fields = new ElementFieldsWatch(_live, () => _deal?.Version, () => _deal is null ? null : _form.ToInput(), LoadAsync, StateHasChanged);
        _edit = new InPlaceEdit(SaveFieldAsync, CancelFieldAsync, StateHasChanged,
            () => _deal is null || InPlaceEdit.Same(_form.ToInput(), _deal.Input));
        _kept = new KeptTyping(circuitState, _edit, () => _deal is null ? null : ElementRef.Deal(_deal.Id), () => _deal?.Input, () => _form.ToInput());
        _actor = await currentUser.GetActorAsync();
    }

    // Subscribed to its own element before it reads, so a change committed meanwhile is not missed; one already in
    // what it read is skipped by its version. Its activities and comments are the panels' business, not the fields'.
    protected override Task OnParametersSetAsync() => _fields!.FollowAndLoadAsync(ElementRef.Deal(Id));

    /// <summary>Loads again now, or right after a reload in progress: never two at once, so the last one read is shown.</summary>
    private Task ReloadAsync() => _fields?.ReloadAsync() ?? Task.CompletedTask;

    private bool _forbidden;

    private async Task LoadAsync()
    {
        _forbidden = !await access.MayReadAsync(ElementRef.Deal(Id), await currentUser.GetActorAsync());
        var deal = _forbidden ? null : await queries.GetDetailsAsync(Id);
        _notFound = deal is null;
        _deal = deal;
        if (deal is null)
        {
            return;
        }
        _form = DealFormModel.From(deal.Input, deal.CompanyName, deal.ContactName);
        _fields!.Loaded();
        _edit.CanEdit = CanChange;
        if (_kept!.Resume(ElementRef.Deal(deal.Id), deal.Input, _edit, out var changedMeanwhile) is { } typed)
        {
            // Back after a lost circuit: the field the user was typing in is open again with their text.
            _form = DealFormModel.From(typed, deal.CompanyName, deal.ContactName);
            if (changedMeanwhile)
            {
                _submission.Message = L["InPlace.KeptChangedMeanwhile"];
            }
        }
        _reopenStageId = deal.Stages.FirstOrDefault(s => s.Kind == StageKind.Open)?.Id ?? 0;
        _crumbs =
        [
            new BreadcrumbItem(L["Deals.Title"], $"deals?pipeline={deal.PipelineId}"),
            new BreadcrumbItem(deal.PipelineName, $"deals?pipeline={deal.PipelineId}&deal={deal.Id}"),
            new BreadcrumbItem(deal.Input.Title, null, disabled: true),
        ];
    }

    private string Local(DateTime? utc) => utc is { } at ? time.ToLocal(at).ToString("d", System.Globalization.CultureInfo.CurrentCulture) : "";

    /// <summary>
    /// Saves the one field edited in place: the whole input, through the same use case and version as the form always
    /// used, differing from what was loaded only in that field. False keeps the field open (its error shows next to it).
    /// </summary>
    private async Task<bool> SaveFieldAsync()
    {
        if (_deal is null || _actor is null)
        {
            return true;
        }
        var (deal, actor, input) = (_deal, _actor, _form.ToInput());
        if (InPlaceEdit.Same(input, deal.Input))
        {
            _submission.Clear();
            return true;
        }
        var savedBy = _fields?.SavedBy;
        var result = await _submission.RunAsync(() => deals.UpdateAsync(deal.Id, deal.Version, input, actor));
        switch (result?.Status)
        {
            case ResultStatus.Ok:
                snackbar.Add(L["Deal.Saved"], Severity.Success);
                await ReloadAsync();
                return true;
            case ResultStatus.Conflict:
                // Someone saved first: say so and what they changed, and show what is saved now (the field's text is theirs).
                await ReloadAsync();
                _submission.Message = InPlaceEdit.ConflictMessage(L, savedBy, _edit.ChangedLabels(deal.Input, _deal?.Input));
                return true;
            default:
                return false;
        }
    }

    /// <summary>Escape: the field shows the saved value again (another user's, when they saved meanwhile).</summary>
    private async Task CancelFieldAsync()
    {
        _submission.Clear();
        await ReloadAsync();
    }

    private async Task LinesSavedAsync(DealProducts products)
    {
        snackbar.Add(L["Line.Saved"], Severity.Success);
        await ReloadAsync();
    }

    private async Task CloseAsync(StageView stage)
    {
        if (_deal is null)
        {
            return;
        }
        var parameters = new DialogParameters<DealCloseDialog>
        {
            { d => d.DealId, _deal.Id },
            { d => d.Version, _deal.Version },
            { d => d.Title, _deal.Input.Title },
            { d => d.Stage, stage },
            { d => d.Amount, _deal.Input.Amount },
            { d => d.Currency, _deal.Input.Currency },
            { d => d.HasLines, HasLines },
        };
        var dialog = await dialogs.ShowAsync<DealCloseDialog>(null, parameters, EditDialogs.Options);
        if (await dialog.Result is { Canceled: false })
        {
            await ReloadAsync();
        }
    }

    private static IReadOnlyList<StageStep> StageSteps(DealDetails deal) =>
        deal.Stages.Select(s => new StageStep(s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), s.Name, s.Color)).ToList();

    private static int StageIndex(DealDetails deal) =>
        deal.Stages.Select((s, i) => (s, i)).FirstOrDefault(p => p.s.Id == deal.Input.StageId, (null!, -1)).Item2;

    /// <summary>One click on the stage bar: an open stage moves the deal there; a closing one opens the close dialog.</summary>
    private async Task PickStageAsync(StageStep step)
    {
        if (_deal is null || _actor is null || StageOf(step) is not { } stage)
        {
            return;
        }
        if (stage.Kind != StageKind.Open)
        {
            await CloseAsync(stage);
            return;
        }
        // A field's save in progress goes first (the click on the bar ended its editing): the move takes its version.
        await _edit.Settled;
        if (_deal is not { } deal)
        {
            return;
        }
        var result = await deals.MoveAsync(new MoveDeal(deal.Id, stage.Id, deal.Version), _actor);
        if (result.IsOk)
        {
            _submission.Message = null;
            snackbar.Add(L["Deal.StageChanged", stage.Name], Severity.Success);
        }
        else
        {
            _submission.Message = (result.Errors.FirstOrDefault()?.MessageKey ?? result.MessageKey) is { } key ? L[key].Value : null;
        }
        // What the user typed and has not saved stays (a field still open with an error); the rest shows the new stage.
        var typed = InPlaceEdit.Same(_form.ToInput(), deal.Input) ? null : _form;
        await ReloadAsync();
        if (typed is not null && _deal is { } moved)
        {
            typed.StageId = moved.Input.StageId;
            _form = typed;
        }
    }

    private StageView? StageOf(StageStep step) => _deal?.Stages.FirstOrDefault(s => s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == step.Key);

    private async Task ReopenAsync()
    {
        if (_deal is null || _actor is null)
        {
            return;
        }
        var result = await deals.ReopenAsync(new ReopenDeal(_deal.Id, _deal.Version, _reopenStageId), _actor);
        _submission.Message = result.IsOk ? null : (result.Errors.FirstOrDefault()?.MessageKey ?? result.MessageKey) is { } key ? L[key].Value : null;
        await ReloadAsync();
    }

    public void Dispose()
    {
        _live?.Dispose();
        _kept?.Dispose();
    }
}
