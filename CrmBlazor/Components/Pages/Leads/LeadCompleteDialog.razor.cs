using CrmBlazor.Components.Shared;
using CrmBlazor.Core;
using CrmBlazor.Core.Common;
using CrmBlazor.Core.Companies;
using CrmBlazor.Core.Contacts;
using CrmBlazor.Core.Deals;
using CrmBlazor.Core.Leads;
using CrmBlazor.Core.Pipelines;
using CrmBlazor.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace CrmBlazor.Components.Pages.Leads;

/// <summary>
/// "Complete lead": convert into any combination of a contact, a company and a deal, prefilled from the lead and
/// offering existing matches to link instead of creating duplicates; or mark the lead junk with a reason.
/// </summary>
public sealed partial class LeadCompleteDialog
{
    private ConversionProposal? _proposal;
    private IReadOnlyList<PipelineSummary> _pipelines = [];
    private IReadOnlyList<StageView> _stages = [];
    private FieldErrors _errors = FieldErrors.None;
    private string? _message;
    private bool _saving;
    private int _tab;
    private bool _withContact = true;
    private bool _withCompany;
    private bool _withDeal = true;
    private int _contactId;
    private int _companyId;
    private int _pipelineId;
    private ContactForm _contact = new();
    private CompanyForm _company = new();
    private DealForm _deal = new();
    private JunkReason _junkReason = JunkReason.NoInterest;
    private string? _junkComment;

    [Inject] private LeadConversionService Conversions { get; set; } = default!;
    [Inject] private PipelineService Pipelines { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private IOptions<CrmOptions> CrmOptions { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> L { get; set; } = default!;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter, EditorRequired]
    public int LeadId { get; set; }

    [Parameter, EditorRequired]
    public int LeadVersion { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _proposal = await Conversions.ProposeConversionAsync(LeadId);
        if (_proposal is null)
        {
            _message = L["Lead.NotFound"].Value;
            return;
        }
        _pipelines = await Pipelines.GetPipelinesAsync();
        _pipelineId = _pipelines.FirstOrDefault()?.Id ?? 0;
        _stages = await Pipelines.GetStagesAsync(_pipelineId);
        _contact = new ContactForm { FirstName = _proposal.Contact.FirstName, LastName = _proposal.Contact.LastName, Email = _proposal.Contact.Email, Phone = _proposal.Contact.Phone,
            MorePhones = _proposal.Contact.Phones, MoreEmails = _proposal.Contact.Emails };
        _company = new CompanyForm { Name = _proposal.Company.Name, Website = _proposal.Company.Website };
        _deal = new DealForm { Title = _proposal.Deal.Title, Amount = _proposal.Deal.Amount, Currency = _proposal.Deal.Currency, StageId = _proposal.Deal.StageId };
        _withCompany = !string.IsNullOrWhiteSpace(_proposal.Company.Name);
        // An existing contact or company that matches the lead is offered first: linking beats a duplicate.
        _contactId = _proposal.Matches.FirstOrDefault(m => m.Kind == ElementKind.Contact)?.Id ?? 0;
        _companyId = _proposal.Matches.FirstOrDefault(m => m.Kind == ElementKind.Company)?.Id ?? 0;
    }

    private async Task PipelineChangedAsync(int pipelineId)
    {
        _pipelineId = pipelineId;
        _stages = await Pipelines.GetStagesAsync(pipelineId);
        _deal.StageId = _stages.FirstOrDefault(s => s.Kind == StageKind.Open)?.Id ?? 0;
    }

    private async Task ConfirmAsync()
    {
        _saving = true;
        try
        {
            var actor = await CurrentUser.GetActorAsync();
            var result = _tab == 0
                ? await Conversions.CompleteAsync(new CompleteLead(
                    LeadId,
                    LeadVersion,
                    _withContact ? new ContactChoice(_contactId == 0 ? null : _contactId, _contactId == 0 ? _contact.ToInput() : null) : null,
                    _withCompany ? new CompanyChoice(_companyId == 0 ? null : _companyId, _companyId == 0 ? _company.ToInput() : null) : null,
                    _withDeal ? _deal.ToInput(_proposal?.Deal.ResponsibleUserId) : null), actor)
                : await Conversions.MarkJunkAsync(new MarkLeadJunk(LeadId, LeadVersion, _junkReason, _junkComment), actor);
            if (result.IsOk)
            {
                Dialog.Close(DialogResult.Ok(result.Value));
                return;
            }
            _errors = new FieldErrors(result.Errors);
            _message = result.Status == ResultStatus.Invalid ? L["Error.Invalid"].Value : L[result.MessageKey ?? "Error.Unexpected"].Value;
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

    private sealed class ContactForm
    {
        public string FirstName { get; set; } = "";
        public string? LastName { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
        /// <summary>The lead's other phones and e-mails: the contact takes them all, the first ones shown above.</summary>
        public IReadOnlyList<PhoneInput> MorePhones { get; set; } = [];
        public IReadOnlyList<EmailInput> MoreEmails { get; set; } = [];

        public ContactInput ToInput() => new() { FirstName = FirstName ?? "", LastName = LastName, Email = Email, Phone = Phone, Phones = MorePhones, Emails = MoreEmails };
    }

    private sealed class CompanyForm
    {
        public string Name { get; set; } = "";
        public string? Website { get; set; }

        public CompanyInput ToInput() => new() { Name = Name ?? "", Website = Website };
    }

    private sealed class DealForm
    {
        public string Title { get; set; } = "";
        public decimal Amount { get; set; }
        public string Currency { get; set; } = "";
        public int StageId { get; set; }

        public DealInput ToInput(string? responsibleUserId) =>
            new() { Title = Title ?? "", Amount = Amount, Currency = Currency ?? "", StageId = StageId, ResponsibleUserId = responsibleUserId };
    }
}
