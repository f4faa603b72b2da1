using CrmBlazor.Core.Import;
using Microsoft.AspNetCore.Components.Forms;

namespace CrmBlazor.Components.Pages.Import;

/// <summary>
/// Lead, contact, company and deal import (the address says which): upload a CSV or XLSX, map its columns, preview, start a run (which the server's background worker does,
/// not this circuit), follow every run's progress live, cancel, undo, and download the failed rows. Rules are Core's.
/// </summary>
public sealed partial class LeadImport
{
    private static readonly (char, string)[] Delimiters = [(',', "Import.Delimiter.Comma"), (';', "Import.Delimiter.Semicolon"), ('\t', "Import.Delimiter.Tab"), ('|', "Import.Delimiter.Pipe")];

    private LiveView? _live;
    private Actor? _actor;
    private IReadOnlyList<UserSummary> _users = [];
    private IReadOnlyList<Lookup> _presets = [];
    private IReadOnlyList<ImportRunView> _runs = [];
    private readonly Dictionary<int, IReadOnlyList<Lookup>> _changedSince = [];
    private ImportFile? _file;
    private string? _path;
    private string? _fileError;
    private bool _busy;
    private IReadOnlyList<string> _sample = [];
    private List<LeadImportField?> _columns = [];
    /// <summary>Per column, the custom field of the page's kind it fills instead.</summary>
    private List<string?> _custom = [];
    private IReadOnlyList<CustomFieldView> _customFields = [];
    private IReadOnlyList<FieldError> _mappingErrors = [];
    private int? _presetId;
    private string? _presetName;
    private DuplicateRule _rule = DuplicateRule.Skip;
    private DuplicateKey _matchOn = DuplicateKey.Email;
    private string? _responsible;
    private IReadOnlyList<LeadImportRow>? _preview;
    private IReadOnlyList<PartyImportRow>? _partyPreview;
    private IReadOnlyList<DealImportRow>? _dealPreview;
    /// <summary>Deals: the open stages new deals can go into, each with its pipeline's name; the chosen one.</summary>
    private IReadOnlyList<(int Id, string Name)> _stages = [];
    private int? _stageId;
    private ElementKind _kind;

    /// <summary>The list the page imports into, from its address (leads/import, contacts/import, companies/import, deals/import).</summary>
    private string ListPath => _kind switch { ElementKind.Contact => "contacts", ElementKind.Company => "companies", ElementKind.Deal => "deals", _ => "leads" };

    protected override async Task OnInitializedAsync()
    {
        _live = LiveViews.For(InvokeAsync, DispatchExceptionAsync);
        _kind = Navigation.ToBaseRelativePath(Navigation.Uri).Split('/', '?')[0] switch
        {
            "contacts" => ElementKind.Contact,
            "companies" => ElementKind.Company,
            "deals" => ElementKind.Deal,
            _ => ElementKind.Lead,
        };
        _matchOn = LeadImportMapping.KeysFor(_kind)[0];
        _actor = await CurrentUser.GetActorAsync();
        _responsible = _actor.UserId;
        _users = await Users.GetUsersAsync();
        _customFields = await Imports.ImportableCustomFieldsAsync(kind: _kind);
        if (_kind == ElementKind.Deal)
        {
            await LoadStagesAsync();
        }
        _presets = await Imports.ListPresetsAsync(kind: _kind);
        // Every run's progress (this user's and others'), after navigating away and back or from another tab alike; the
        // notice when one of this user's runs ends is the layout's (ImportFinishedNotice), on every page.
        _live.WatchReload(LiveTopics.Imports, LoadRunsAsync);
        await LoadRunsAsync();
    }

    /// <summary>Every pipeline's open stages ("Sales · New"), the board's pipeline's first stage chosen.</summary>
    private async Task LoadStagesAsync()
    {
        var pipelines = await Pipelines.GetPipelinesAsync();
        var query = Navigation.ToAbsoluteUri(Navigation.Uri).Query;
        var wanted = System.Web.HttpUtility.ParseQueryString(query)["pipeline"] is { } p && int.TryParse(p, out var id) ? id : (int?)null;
        var stages = new List<(int Id, string Name)>();
        foreach (var pipeline in pipelines.OrderByDescending(p => p.Id == wanted))
        {
            stages.AddRange((await Pipelines.GetStagesAsync(pipeline.Id)).Where(s => s.Kind == StageKind.Open).Select(s => (s.Id, $"{pipeline.Name} · {s.Name}")));
        }
        _stages = stages;
        _stageId = stages.Count > 0 ? stages[0].Id : null;
    }

    private async Task LoadRunsAsync()
    {
        _runs = await Imports.ListRunsAsync(kind: _kind);
        StateHasChanged();
    }

    /// <summary>A field's name in the mapping: a deal file's name, e-mail and company columns find the deal's contact and company.</summary>
    private string FieldName(LeadImportField field) =>
        _kind == ElementKind.Deal && L["Import.FieldName.Deal." + field] is { ResourceNotFound: false } own ? own : L["Import.FieldName." + field];

    private bool MayChange(ImportRunView run) => _actor is not null && AccessPolicy.MayChangeImport(_actor, run.CreatedById);

    private async Task UploadAsync(IBrowserFile? upload)
    {
        if (upload is null)
        {
            return;
        }
        _file = null;
        ClearPreview();
        _fileError = null;
        if (upload.Size > Imports.MaxFileBytes)
        {
            _fileError = L["Import.Error.TooLarge", Imports.MaxFileBytes / 1048576];
            return;
        }
        _busy = true;
        try
        {
            _path = Imports.NewUploadPath(upload.Name);
            await using (var target = File.Create(_path))
            {
                await upload.OpenReadStream(Imports.MaxFileBytes).CopyToAsync(target);
            }
            OpenFile(upload.Name, null);
        }
        finally
        {
            _busy = false;
        }
    }

    private void OpenFile(string name, ImportReadOptions? read)
    {
        try
        {
            _file = Imports.Open(_path!, name, read);
            _fileError = null;
            _sample = _file.ReadRows().FirstOrDefault()?.Cells ?? [];
            if (_columns.Count != _file.Headers.Count)
            {
                _columns = [.. LeadImportMapping.Guess(_file.Headers, _kind).Columns];
                _custom = [.. ImportCustomValues.Guess(_file.Headers, _columns, _customFields)];
            }
            Validate();
        }
        catch (ImportFileException e)
        {
            _file = null;
            _fileError = L[e.Key, e.Args];
        }
        ClearPreview();
    }

    private void EncodingChanged(string? encoding) => OpenFile(_file!.FileName, new ImportReadOptions { Encoding = encoding, Delimiter = _file.Delimiter });
    private void DelimiterChanged(char delimiter) { _columns = []; OpenFile(_file!.FileName, new ImportReadOptions { Encoding = _file.Encoding, Delimiter = delimiter }); }
    private void SheetChanged(string? sheet) { _columns = []; OpenFile(_file!.FileName, new ImportReadOptions { Sheet = sheet }); }

    /// <summary>A column's choice in its select: "F:" and a field, "C:" and a custom field's code, or null.</summary>
    private string? ColumnValue(int index) =>
        _columns[index] is { } field ? "F:" + field : _custom.ElementAtOrDefault(index) is { } code ? "C:" + code : null;

    private void ColumnChanged(int index, string? value)
    {
        while (_custom.Count < _columns.Count)
        {
            _custom.Add(null);
        }
        _columns[index] = value is not null && value.StartsWith("F:", StringComparison.Ordinal) && Enum.TryParse<LeadImportField>(value[2..], out var field) ? field : null;
        _custom[index] = value is not null && value.StartsWith("C:", StringComparison.Ordinal) ? value[2..] : null;
        ClearPreview();
        Validate();
    }

    private void Validate() => _mappingErrors = new LeadImportMapping(_columns).Validate(_file!.Headers, _kind);

    private void ClearPreview()
    {
        _preview = null;
        _partyPreview = null;
        _dealPreview = null;
    }

    private bool MappedTwice(int index) =>
        (_columns[index] is { } field && _columns.Count(c => c == field) > 1) || (_custom.ElementAtOrDefault(index) is { } code && _custom.Count(c => c == code) > 1);

    private async Task PresetChanged(int? presetId)
    {
        _presetId = presetId;
        if (presetId is { } id && await Imports.ApplyPresetAsync(id, _file!.Headers) is { } columns)
        {
            _columns = [.. columns];
            _custom = [.. ImportCustomValues.Guess(_file.Headers, _columns, _customFields)];
            _presetName = _presets.FirstOrDefault(p => p.Id == id)?.Name;
            Validate();
            ClearPreview();
        }
    }

    private async Task SavePresetAsync()
    {
        var result = await Imports.SavePresetAsync(_presetName ?? "", _file!.Headers, _columns, _actor!, kind: _kind);
        if (result.IsOk)
        {
            _presets = await Imports.ListPresetsAsync(kind: _kind);
            _presetId = result.Value;
            Snackbar.Add(L["Import.PresetSaved", _presetName!], Severity.Success);
        }
    }

    private LeadImportSettings Settings() => new()
    {
        Kind = _kind,
        Read = new ImportReadOptions { Encoding = _file!.Encoding, Delimiter = _file.Delimiter, Sheet = _file.Sheet },
        Columns = _columns,
        CustomColumns = _custom.Any(c => c is not null) ? _custom : [],
        Rule = _rule,
        MatchOn = _matchOn,
        ResponsibleUserId = _responsible,
        StageId = _kind == ElementKind.Deal ? _stageId : null,
    };

    private async Task PreviewAsync()
    {
        if (_kind == ElementKind.Lead)
        {
            _preview = await Imports.PreviewAsync(_file!, Settings(), _actor!);
        }
        else if (_kind == ElementKind.Deal)
        {
            _dealPreview = await Imports.PreviewDealsAsync(_file!, Settings(), _actor!);
        }
        else
        {
            _partyPreview = await Imports.PreviewPartiesAsync(_file!, Settings(), _actor!);
        }
    }

    private async Task StartAsync()
    {
        var result = await Imports.StartAsync(_file!, _path!, Settings(), _actor!);
        if (!result.IsOk)
        {
            _mappingErrors = result.Errors;
            return;
        }
        Snackbar.Add(L["Import.Started", _file!.FileName], Severity.Info);
        _file = null;
        _path = null;
        ClearPreview();
        _columns = [];
        _custom = [];
        await LoadRunsAsync();
    }

    private async Task CancelAsync(ImportRunView run) => await Imports.CancelAsync(run.Id, _actor!);

    private async Task UndoAsync(ImportRunView run)
    {
        var result = await Imports.UndoAsync(run.Id, _actor!);
        _changedSince.Remove(run.Id);
        if (result.IsOk)
        {
            Snackbar.Add(L["Import.Undone", run.FileName, result.Value!.Removed, result.Value.Restored], Severity.Success);
        }
        else if (result.Value is { ChangedSince.Count: > 0 } outcome)
        {
            _changedSince[run.Id] = outcome.ChangedSince;
        }
        else
        {
            Snackbar.Add(L[result.MessageKey ?? "Error.Forbidden"], Severity.Warning);
        }
        await LoadRunsAsync();
    }

    private static Color StateColor(ImportRunState state) => state switch
    {
        ImportRunState.Done => Color.Success,
        ImportRunState.Running or ImportRunState.Queued => Color.Info,
        ImportRunState.Failed => Color.Error,
        _ => Color.Default,
    };

    /// <summary>A row's cell of a mapped field, as the file has it (the company a contact is linked to).</summary>
    private string? Cell(PartyImportRow row, LeadImportField field) =>
        _columns.IndexOf(field) is var i and >= 0 && i < row.Cells.Count ? row.Cells[i] : null;

    public void Dispose() => _live?.Dispose();
}
