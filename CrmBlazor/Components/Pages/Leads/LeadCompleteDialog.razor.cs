using CrmBlazor.Components.Pages.Companies;
using CrmBlazor.Components.Pages.Contacts;
using CrmBlazor.Components.Pages.Deals;

namespace CrmBlazor.Components.Pages.Leads;

/// <summary>
/// "Complete lead": convert into any combination of a contact, a company and a deal, prefilled from the lead and
/// offering existing matches to link instead of creating duplicates; or mark the lead junk with a reason.
/// </summary>
public sealed partial class LeadCompleteDialog(
    LeadConversionService conversions, LeadOptionService leadOptions, PipelineService pipelines, CurrentUser currentUser, IStringLocalizer<SharedResource> L)
{
    private ConversionProposal? _proposal;
    private IReadOnlyList<PipelineSummary> _pipelines = [];
    private IReadOnlyList<StageView> _stages = [];
    private FormSubmission _submission = default!;
    private int _tab;
    private bool _withContact = true;
    private bool _withCompany;
    private bool _withDeal = true;
    private int _contactId;
    private int _companyId;
    private int _pipelineId;
    private ContactFormModel _contact = new();
    private CompanyFormModel _company = new();
    private DealFormModel _deal = new();
    /// <summary>The active junk reasons of Settings (decision 030); the first "no interest" one is chosen at first.</summary>
    private IReadOnlyList<LeadOptionView> _junkReasons = [];
    private int? _junkReason;
    private string? _junkComment;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter, EditorRequired]
    public int LeadId { get; set; }

    [Parameter, EditorRequired]
    public int LeadVersion { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _submission = new FormSubmission(L) { SayInvalid = true };
        var options = await leadOptions.ListAsync();
        _junkReasons = options.Offered(LeadOptionList.JunkReason);
        _junkReason = options.Default(LeadOptionList.JunkReason, (int)JunkReason.NoInterest) is { IsActive: true } noInterest ? noInterest.Id : _junkReasons.FirstOrDefault()?.Id;
        _proposal = await conversions.ProposeConversionAsync(LeadId, await currentUser.GetActorAsync());
        if (_proposal is null)
        {
            _submission.Message = L["Lead.NotFound"].Value;
            return;
        }
        _pipelines = await pipelines.GetPipelinesAsync();
        _pipelineId = _pipelines.FirstOrDefault()?.Id ?? 0;
        _stages = await pipelines.GetStagesAsync(_pipelineId);
        // The contact takes the lead's other phones and e-mails too, beside the main ones the form shows.
        _contact = ContactFormModel.From(_proposal.Contact, null);
        _company = new CompanyFormModel { Name = _proposal.Company.Name, Website = _proposal.Company.Website, Custom = new(_proposal.Company.Custom) };
        _deal = DealFormModel.From(_proposal.Deal);
        _withCompany = !string.IsNullOrWhiteSpace(_proposal.Company.Name);
        // An existing contact or company that matches the lead is offered first: linking beats a duplicate.
        _contactId = _proposal.Matches.FirstOrDefault(m => m.Kind == ElementKind.Contact)?.Id ?? 0;
        _companyId = _proposal.Matches.FirstOrDefault(m => m.Kind == ElementKind.Company)?.Id ?? 0;
    }

    private async Task PipelineChangedAsync(int pipelineId)
    {
        _pipelineId = pipelineId;
        _stages = await pipelines.GetStagesAsync(pipelineId);
        _deal.StageId = _stages.FirstOrDefault(s => s.Kind == StageKind.Open)?.Id ?? 0;
    }

    private async Task ConfirmAsync()
    {
        var actor = await currentUser.GetActorAsync();
        var result = await _submission.RunAsync(() => _tab == 0
            ? conversions.CompleteAsync(new CompleteLead(
                LeadId,
                LeadVersion,
                _withContact ? new ContactChoice(_contactId == 0 ? null : _contactId, _contactId == 0 ? _contact.ToInput() : null) : null,
                _withCompany ? new CompanyChoice(_companyId == 0 ? null : _companyId, _companyId == 0 ? _company.ToInput() : null) : null,
                _withDeal ? _deal.ToInput() : null), actor)
            : conversions.MarkJunkAsync(new MarkLeadJunk(LeadId, LeadVersion, JunkReason.Other, _junkComment) { ReasonId = _junkReason }, actor));
        if (result is { IsOk: true })
        {
            Dialog.Close(DialogResult.Ok(result.Value));
        }
    }
}
