namespace CrmBlazor.Components.Pages.Settings;

/// <summary>
/// The pipeline editor (admins): pipelines and their stages, every change saved by <see cref="PipelineSettingsService"/>.
/// The page reloads live when any admin changes a pipeline; what this admin has typed and not saved is kept, with the
/// version of the stage it was typed against, so saving it after another admin's change is refused, never overwrites.
/// </summary>
public sealed partial class PipelineSettings : IDisposable
{
    private IReadOnlyList<PipelineSettingsView> _pipelines = [];
    private readonly Dictionary<int, StageDraft> _drafts = [];
    private readonly Dictionary<int, FieldErrors> _errors = [];
    private FieldErrors _pipelineErrors = FieldErrors.None;
    private FieldErrors _newStageErrors = FieldErrors.None;
    private FieldErrors _newPipelineErrors = FieldErrors.None;
    private int? _selectedId;
    private string? _pipelineName;
    private int _pipelineNameVersion;
    private string _newStageName = "";
    private string _newStageColor = PipelineRules.DefaultColor;
    private StageKind _newStageKind = StageKind.Open;
    private string _newPipelineName = "";
    private int? _deletingStageId;
    private int? _stageMoveTo;
    private bool _deletingPipeline;
    private int? _pipelineMoveTo;
    private string? _message;
    private Actor? _actor;
    private LiveView? _live;
    private LiveWatch? _watch;
    private int? _draggingId;

    [Inject] private PipelineSettingsService Settings { get; set; } = default!;
    [Inject] private LiveViews LiveViews { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> L { get; set; } = default!;

    private PipelineSettingsView? Selected => _pipelines.FirstOrDefault(p => p.Id == _selectedId);

    protected override async Task OnInitializedAsync()
    {
        _live = LiveViews.For(InvokeAsync, DispatchExceptionAsync);
        _watch = _live.WatchReload(LiveTopics.Pipelines, async () =>
        {
            await LoadAsync();
            StateHasChanged();
        });
        _live.OnReconnected(_watch.ReloadAsync);
        _actor = await CurrentUser.GetActorAsync();
        await _watch.ReloadAsync();
    }

    private async Task LoadAsync()
    {
        _pipelines = await Settings.GetAsync();
        if (Selected is null)
        {
            _selectedId = _pipelines.FirstOrDefault()?.Id;
            _pipelineName = null;
        }
        // Drafts of stages that are gone have nothing left to save.
        var stageIds = _pipelines.SelectMany(p => p.Stages).Select(s => s.Id).ToHashSet();
        foreach (var gone in _drafts.Keys.Where(id => !stageIds.Contains(id)).ToList())
        {
            _drafts.Remove(gone);
            _errors.Remove(gone);
        }
    }

    private Task ReloadAsync() => _watch!.ReloadAsync();

    private void Select(int pipelineId)
    {
        _selectedId = pipelineId;
        _pipelineName = null;
        _pipelineErrors = FieldErrors.None;
        _newStageErrors = FieldErrors.None;
        _deletingPipeline = false;
        _deletingStageId = null;
    }

    /// <summary>What the admin sees in a stage's fields: their unsaved draft, or the stage as saved.</summary>
    private StageDraft Draft(StageSettingsView stage) =>
        _drafts.GetValueOrDefault(stage.Id) ?? new StageDraft(stage.Name, stage.Color, stage.Kind, stage.Version);

    /// <summary>Starts (or continues) a draft of a stage, remembering the version it was typed against.</summary>
    private void Edit(StageSettingsView stage, Action<StageDraft> change)
    {
        if (!_drafts.TryGetValue(stage.Id, out var draft))
        {
            _drafts[stage.Id] = draft = Draft(stage);
        }
        change(draft);
    }

    private void EditPipelineName(PipelineSettingsView pipeline, string name)
    {
        if (_pipelineName is null)
        {
            _pipelineNameVersion = pipeline.Version;
        }
        _pipelineName = name;
    }

    private async Task SaveStageAsync(StageSettingsView stage)
    {
        var draft = Draft(stage);
        var result = await Settings.UpdateStageAsync(stage.Id, draft.Version, new StageInput(draft.Name ?? "", draft.Color, draft.Kind), _actor!);
        _errors[stage.Id] = new FieldErrors(result.Errors);
        if (result.IsOk)
        {
            _drafts.Remove(stage.Id);
            Snackbar.Add(L["Stage.Saved", result.Value!.Name], Severity.Success);
        }
        else if (result.Status == ResultStatus.Conflict)
        {
            // The draft stays on screen; it is now typed against the version shown in the message, so saving it again is a deliberate choice.
            _message = L[result.MessageKey!, result.MessageArgs];
            if (result.Value is { } current)
            {
                draft.Version = current.Version;
            }
        }
        else if (result.Status != ResultStatus.Invalid)
        {
            _message = L[result.MessageKey ?? "Error.Unexpected"];
        }
        await ReloadAsync();
    }

    private async Task MoveAsync(StageSettingsView stage, int toIndex)
    {
        Report(await Settings.MoveStageAsync(stage.Id, toIndex, _actor!));
        await ReloadAsync();
    }

    /// <summary>The stage being dragged was dropped on the row at <paramref name="index"/>: it takes that place.</summary>
    private async Task DropOnAsync(int index)
    {
        var stage = Selected?.Stages.FirstOrDefault(s => s.Id == _draggingId);
        _draggingId = null;
        if (stage is not null)
        {
            await MoveAsync(stage, index);
        }
    }

    private async Task AddStageAsync(PipelineSettingsView pipeline)
    {
        var result = await Settings.AddStageAsync(pipeline.Id, new StageInput(_newStageName ?? "", _newStageColor, _newStageKind), _actor!);
        _newStageErrors = new FieldErrors(result.Errors);
        if (result.IsOk)
        {
            _newStageName = "";
            Snackbar.Add(L["Stage.Added", result.Value!.Name], Severity.Success);
        }
        Report(result);
        await ReloadAsync();
    }

    private void StartDeleteStage(StageSettingsView stage)
    {
        _deletingStageId = stage.Id;
        _stageMoveTo = null;
        _errors.Remove(stage.Id);
    }

    private async Task DeleteStageAsync(StageSettingsView stage)
    {
        var result = await Settings.DeleteStageAsync(stage.Id, Draft(stage).Version, _stageMoveTo, _actor!);
        _errors[stage.Id] = new FieldErrors(result.Errors);
        if (result.IsOk)
        {
            _deletingStageId = null;
            Snackbar.Add(L["Stage.Deleted", stage.Name], Severity.Success);
        }
        Report(result);
        await ReloadAsync();
    }

    private async Task RenamePipelineAsync(PipelineSettingsView pipeline)
    {
        var version = _pipelineName is null ? pipeline.Version : _pipelineNameVersion;
        var result = await Settings.RenamePipelineAsync(pipeline.Id, version, _pipelineName ?? pipeline.Name, _actor!);
        _pipelineErrors = new FieldErrors(result.Errors);
        if (result.IsOk)
        {
            _pipelineName = null;
            Snackbar.Add(L["Pipeline.Saved"], Severity.Success);
        }
        else if (result.Status == ResultStatus.Conflict)
        {
            _pipelineNameVersion = (await Settings.GetAsync()).FirstOrDefault(p => p.Id == pipeline.Id)?.Version ?? version;
        }
        Report(result);
        await ReloadAsync();
    }

    private void StartDeletePipeline(PipelineSettingsView pipeline)
    {
        _deletingPipeline = true;
        _pipelineMoveTo = null;
        _pipelineErrors = FieldErrors.None;
    }

    private async Task DeletePipelineAsync(PipelineSettingsView pipeline)
    {
        var result = await Settings.DeletePipelineAsync(pipeline.Id, pipeline.Version, _pipelineMoveTo, _actor!);
        _pipelineErrors = new FieldErrors(result.Errors);
        if (result.IsOk)
        {
            _deletingPipeline = false;
            _selectedId = null;
            Snackbar.Add(L["Pipeline.Deleted", pipeline.Name], Severity.Success);
        }
        Report(result);
        await ReloadAsync();
    }

    private async Task CreatePipelineAsync()
    {
        var result = await Settings.CreatePipelineAsync(
            new NewPipeline(_newPipelineName ?? "", L["Pipeline.FirstStage"], L["StageKind.Won"], L["StageKind.Lost"]), _actor!);
        _newPipelineErrors = new FieldErrors(result.Errors);
        if (result.IsOk)
        {
            _newPipelineName = "";
            Select(result.Value);
        }
        Report(result);
        await ReloadAsync();
    }

    /// <summary>A refusal that is not about one field (forbidden, gone, changed meanwhile) goes above the editor.</summary>
    private void Report<T>(Result<T> result)
    {
        _message = result.Status is ResultStatus.Ok or ResultStatus.Invalid ? _message : L[result.MessageKey ?? "Error.Unexpected", result.MessageArgs];
    }

    public void Dispose() => _live?.Dispose();

    /// <summary>An admin's unsaved change of one stage, and the version of the stage it was typed against.</summary>
    private sealed class StageDraft(string name, string color, StageKind kind, int version)
    {
        public string Name { get; set; } = name;
        public string Color { get; set; } = color;
        public StageKind Kind { get; set; } = kind;
        public int Version { get; set; } = version;
    }
}
