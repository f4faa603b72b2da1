namespace CrmBlazor.Components.Elements;

/// <summary>
/// An element's history, newest first, with comments: add one, edit or delete one's own. New entries (anyone's
/// changes, activities, comments) appear live.
/// </summary>
public sealed partial class ElementTimeline(
    TimelineService timeline, IStringLocalizer<SharedResource> L) : ElementPanel
{
    private const int PageSize = 30;
    private List<TimelineItem> _items = [];
    private int _total;
    private int _shown = PageSize;
    private string? _newComment;
    private string? _editText;
    private long? _editing;
    private string? _message;
    private bool _saving;
    private FieldErrors _commentErrors = FieldErrors.None;
    private FieldErrors _editErrors = FieldErrors.None;

    // Every event of the element may have added to its timeline: the entries shown are read again.
    protected override void OnElementChanged() => _shown = PageSize;

    protected override async Task LoadAsync()
    {
        var page = await timeline.ForElementAsync(Element, await CurrentActorAsync(), 0, _shown);
        _items = [.. page.Items];
        _total = page.Total;
    }

    private async Task MoreAsync()
    {
        _shown += PageSize;
        await ReloadAsync();
    }

    private async Task AddCommentAsync()
    {
        _saving = true;
        try
        {
            var result = await Run(() => timeline.AddCommentAsync(Element, _newComment ?? "", Actor!));
            _commentErrors = new FieldErrors(result?.Errors ?? []);
            if (result?.IsOk == true)
            {
                _newComment = null;
                await ReloadAsync();
            }
        }
        finally
        {
            _saving = false;
        }
    }

    private void StartEdit(TimelineItem item)
    {
        _editing = item.Id;
        _editText = item.Text;
        _editErrors = FieldErrors.None;
    }

    private async Task SaveEditAsync(TimelineItem item)
    {
        var result = await Run(() => timeline.EditCommentAsync(item.Id, item.Version, _editText ?? "", Actor!));
        _editErrors = new FieldErrors(result?.Errors ?? []);
        if (result?.IsOk == true || result?.Status == ResultStatus.Conflict)
        {
            _editing = null;
            await ReloadAsync();
        }
    }

    private async Task DeleteAsync(TimelineItem item)
    {
        await Run(() => timeline.DeleteCommentAsync(item.Id, item.Version, Actor!));
        await ReloadAsync();
    }

    /// <summary>Runs a comment change and puts what went wrong (other than a field's error) in the message line.</summary>
    private async Task<Result<TimelineItem>?> Run(Func<Task<Result<TimelineItem>>> change)
    {
        _message = null;
        try
        {
            var result = await change();
            if (!result.IsOk && result.Status != ResultStatus.Invalid)
            {
                _message = L[result.MessageKey ?? "Error.Unexpected"].Value;
            }
            return result;
        }
        catch (Exception ex) when (Transient.IsDatabaseFailure(ex))
        {
            _message = L["Error.Unexpected"].Value;
            return null;
        }
    }

}
