using CrmBlazor.Components.Shared;
using CrmBlazor.Core;
using CrmBlazor.Core.Common;
using CrmBlazor.Core.Companies;
using CrmBlazor.Core.Contacts;
using CrmBlazor.Core.Deals;
using CrmBlazor.Core.Identity;
using CrmBlazor.Core.Live;
using CrmBlazor.Core.Pipelines;
using CrmBlazor.Live;
using CrmBlazor.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace CrmBlazor.Components.Pages.Deals;

/// <summary>
/// A deal's element page: its fields, its products, closing and reopening. Watches the deal's own element topic and
/// reloads when anyone changes the deal (a newer version than the one shown).
/// </summary>
public sealed partial class DealPage : IDisposable
{
    private DealDetails? _deal;
    private DealForm _form = new();
    private FieldErrors _errors = FieldErrors.None;
    private IReadOnlyList<UserSummary> _users = [];
    private List<BreadcrumbItem> _crumbs = [];
    private Actor? _actor;
    private LiveView? _live;
    private LiveWatch? _dealWatch;
    private string? _message;
    private bool _notFound;
    private bool _saving;
    private int _reopenStageId;

    [Inject] private DealQueryService Queries { get; set; } = default!;
    [Inject] private DealService Deals { get; set; } = default!;
    [Inject] private CrmTime Time { get; set; } = default!;
    [Inject] private CompanyService Companies { get; set; } = default!;
    [Inject] private ContactService Contacts { get; set; } = default!;
    [Inject] private UserDirectory Users { get; set; } = default!;
    [Inject] private LiveViews LiveViews { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IOptions<CrmOptions> Options { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> L { get; set; } = default!;

    [Parameter]
    public int Id { get; set; }

    private bool CanChange => _deal is not null && _actor?.MayChange(_deal.Input.ResponsibleUserId) == true;

    private bool HasLines => _deal?.Products.Lines.Count > 0;

    protected override async Task OnInitializedAsync()
    {
        _live = LiveViews.For(InvokeAsync, DispatchExceptionAsync);
        _dealWatch = _live.WatchReload([], async () =>
        {
            await LoadAsync();
            StateHasChanged();
        }, change => change is DealChanged deal && deal.DealId == Id && deal.Version > (_deal?.Version ?? 0));
        _actor = await CurrentUser.GetActorAsync();
        _users = await Users.GetUsersAsync();
    }

    protected override async Task OnParametersSetAsync()
    {
        // Subscribed before it reads, so a change committed meanwhile is not missed; one already in what it read is
        // skipped by its version. Its own activities and comments are the panels' business, not the fields'.
        _dealWatch!.Follow(LiveTopics.Element(ElementRef.Deal(Id)));
        await _dealWatch.ReloadAsync();
    }

    /// <summary>Loads again now, or right after a reload in progress: never two at once, so the last one read is shown.</summary>
    private Task ReloadAsync() => _dealWatch?.ReloadAsync() ?? Task.CompletedTask;

    private async Task LoadAsync()
    {
        var deal = await Queries.GetDetailsAsync(Id);
        _notFound = deal is null;
        _deal = deal;
        if (deal is null)
        {
            return;
        }
        _form = new DealForm
        {
            Title = deal.Input.Title,
            Amount = deal.Input.Amount,
            Currency = deal.Input.Currency,
            StageId = deal.Input.StageId,
            Company = deal.Input.CompanyId is { } companyId ? new Lookup(companyId, deal.CompanyName ?? "") : null,
            Contact = deal.Input.ContactId is { } contactId ? new Lookup(contactId, deal.ContactName ?? "") : null,
            ResponsibleUserId = deal.Input.ResponsibleUserId,
        };
        _reopenStageId = deal.Stages.FirstOrDefault(s => s.Kind == StageKind.Open)?.Id ?? 0;
        _crumbs =
        [
            new BreadcrumbItem(L["Deals.Title"], $"deals?pipeline={deal.PipelineId}"),
            new BreadcrumbItem(deal.PipelineName, $"deals?pipeline={deal.PipelineId}&deal={deal.Id}"),
            new BreadcrumbItem(deal.Input.Title, null, disabled: true),
        ];
    }

    private string Local(DateTime? utc) => utc is { } at ? Time.ToLocal(at).ToString("d", System.Globalization.CultureInfo.CurrentCulture) : "";

    private async Task<IEnumerable<Lookup>> SearchCompaniesAsync(string? text, CancellationToken ct) => await Companies.SearchAsync(text, ct: ct);

    private async Task<IEnumerable<Lookup>> SearchContactsAsync(string? text, CancellationToken ct) => await Contacts.SearchAsync(text, ct: ct);

    private async Task SaveAsync()
    {
        if (_deal is null || _actor is null)
        {
            return;
        }
        _saving = true;
        try
        {
            var input = new DealInput
            {
                Title = _form.Title ?? "",
                Amount = _form.Amount,
                Currency = _form.Currency ?? "",
                StageId = _form.StageId,
                CompanyId = _form.Company?.Id,
                ContactId = _form.Contact?.Id,
                ResponsibleUserId = _form.ResponsibleUserId,
            };
            var result = await Deals.UpdateAsync(_deal.Id, _deal.Version, input, _actor);
            _errors = new FieldErrors(result.Errors);
            _message = result.Status switch
            {
                ResultStatus.Ok or ResultStatus.Invalid => null,
                ResultStatus.Conflict => L["Deal.EditConflictReload"].Value,
                _ => L[result.MessageKey ?? "Error.Unexpected"].Value,
            };
            if (result.IsOk)
            {
                Snackbar.Add(L["Deal.Saved"], Severity.Success);
                await ReloadAsync();
            }
        }
        catch (Exception ex) when (Transient.IsDatabaseFailure(ex))
        {
            _message = L["Error.Unexpected"].Value;
        }
        finally
        {
            _saving = false;
        }
    }

    private async Task LinesSavedAsync(DealProducts products)
    {
        Snackbar.Add(L["Line.Saved"], Severity.Success);
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
        var dialog = await Dialogs.ShowAsync<DealCloseDialog>(null, parameters, EditDialogs.Options);
        if (await dialog.Result is { Canceled: false })
        {
            await ReloadAsync();
        }
    }

    private async Task ReopenAsync()
    {
        if (_deal is null || _actor is null)
        {
            return;
        }
        var result = await Deals.ReopenAsync(new ReopenDeal(_deal.Id, _deal.Version, _reopenStageId), _actor);
        _message = result.IsOk ? null : (result.Errors.FirstOrDefault()?.MessageKey ?? result.MessageKey) is { } key ? L[key].Value : null;
        await ReloadAsync();
    }

    public void Dispose() => _live?.Dispose();

    private sealed class DealForm
    {
        public string Title { get; set; } = "";
        public decimal Amount { get; set; }
        public string Currency { get; set; } = "";
        public int StageId { get; set; }
        public Lookup? Company { get; set; }
        public Lookup? Contact { get; set; }
        public string? ResponsibleUserId { get; set; }
    }
}
