namespace CrmBlazor.Components.Pages.Deals;

/// <summary>
/// Asks for a deal's closing result before it enters a won or lost stage, and closes it through
/// <see cref="DealService.CloseAsync"/>. Closes with the saved <see cref="DealCard"/>, or cancels with nothing saved.
/// </summary>
public sealed partial class DealCloseDialog(
    DealService deals, LostReasonService lostReasons, CurrentUser currentUser, CrmTime time, IStringLocalizer<SharedResource> L)
{
    private IReadOnlyList<LostReasonView> _reasons = [];
    private FieldErrors _errors = FieldErrors.None;
    private string? _message;
    private bool _saving;
    private decimal _amount;
    private DateTime? _closedOn;
    private int? _reasonId;
    private string? _comment;
    private int _version;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter, EditorRequired]
    public int DealId { get; set; }

    [Parameter, EditorRequired]
    public int Version { get; set; }

    [Parameter, EditorRequired]
    public string Title { get; set; } = "";

    [Parameter, EditorRequired]
    public StageView Stage { get; set; } = default!;

    [Parameter]
    public decimal Amount { get; set; }

    [Parameter]
    public string Currency { get; set; } = "";

    /// <summary>The deal has product lines: the final amount is their total and cannot be typed.</summary>
    [Parameter]
    public bool HasLines { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _amount = Amount;
        _version = Version;
        _closedOn = time.ToLocal(time.UtcNow).Date;
        if (Stage.Kind == StageKind.Lost)
        {
            _reasons = await lostReasons.ListAsync();
        }
    }

    private async Task ConfirmAsync()
    {
        _saving = true;
        try
        {
            var close = new CloseDeal(DealId, _version, Stage.Id,
                FinalAmount: Stage.Kind == StageKind.Won ? _amount : null,
                ClosedOn: Stage.Kind == StageKind.Won && _closedOn is { } date ? DateOnly.FromDateTime(date) : null,
                LostReasonId: Stage.Kind == StageKind.Lost ? _reasonId : null,
                Comment: _comment);
            var result = await deals.CloseAsync(close, await currentUser.GetActorAsync());
            if (result.IsOk)
            {
                Dialog.Close(DialogResult.Ok(result.Value!));
                return;
            }
            _errors = new FieldErrors(result.Errors);
            _message = result.Status switch
            {
                ResultStatus.Invalid => null,
                ResultStatus.Conflict => L["Close.Conflict"].Value,
                _ => L[result.MessageKey ?? "Error.Unexpected"].Value,
            };
            if (result is { Status: ResultStatus.Conflict, Value: { } current })
            {
                // Another user changed the deal: the next confirm applies to what it is now.
                _version = current.Version;
                _amount = HasLines ? current.Amount : _amount;
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
}
