namespace CrmBlazor.Components.Pages.Deals;

/// <summary>Creates a deal (<see cref="Initial"/>) or edits one (<see cref="DealId"/>); the core validates and saves.</summary>
public sealed partial class DealEditDialog(CurrencyService currencies, IStringLocalizer<SharedResource> L)
{
    private DealFormModel _model = new();
    private string? _message;
    private bool _loaded;
    private int _version;

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
        if (DealId is { } id)
        {
            var deal = await Deals.GetForEditAsync(id);
            if (deal is null)
            {
                _message = L["Deal.NotFound"].Value;
                return;
            }
            _version = deal.Version;
            _model = DealFormModel.From(deal.Input, deal.CompanyName, deal.ContactName);
        }
        else
        {
            _model = DealFormModel.From(Initial ?? new DealInput { StageId = Stages.FirstOrDefault()?.Id ?? 0, Currency = await currencies.BaseCodeAsync() });
            (_model.Company, _model.Contact) = (InitialCompany, InitialContact);
        }
        _loaded = true;
    }

    private async Task<Result<DealCard>> SaveAsync(Actor actor)
    {
        var input = _model.ToInput();
        var result = DealId is { } id ? await Deals.UpdateAsync(id, _version, input, actor) : await Deals.CreateAsync(input, actor);
        if (result.Status == ResultStatus.Conflict && result.Value is { } current && await Deals.GetForEditAsync(current.Id) is { } reloaded)
        {
            // The user's own edits are lost only if they choose to save again over what the other user saved.
            _version = reloaded.Version;
        }
        return result;
    }
}
