namespace CrmBlazor.Components.Pages.RecycleBin;

/// <summary>Runs <see cref="ErasureService.EraseAsync"/> once the admin has typed the person's name; closes with what it did.</summary>
public sealed partial class EraseElementDialog(ErasureService erasure, IStringLocalizer<SharedResource> L)
{
    private string? _typed;
    private string? _message;
    private bool _erasing;

    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter, EditorRequired] public ErasurePreview Preview { get; set; } = default!;
    [Parameter, EditorRequired] public Actor Actor { get; set; } = default!;

    private bool NameTyped => string.Equals(_typed?.Trim(), Preview.Name.Trim(), StringComparison.CurrentCultureIgnoreCase);

    private async Task EraseAsync()
    {
        _erasing = true;
        _message = null;
        try
        {
            var result = await erasure.EraseAsync(Preview.Element, Actor);
            if (result.IsOk)
            {
                Dialog.Close(DialogResult.Ok(result.Value!));
                return;
            }
            _message = L[result.MessageKey ?? "Error.Unexpected"].Value;
        }
        catch (Exception ex) when (Transient.IsDatabaseFailure(ex))
        {
            _message = L["Error.Unexpected"].Value;
        }
        finally
        {
            _erasing = false;
        }
    }
}
