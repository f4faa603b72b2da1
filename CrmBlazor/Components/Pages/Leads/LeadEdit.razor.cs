using CrmBlazor.Core.Access;
using CrmBlazor.Components.Shared;
using CrmBlazor.Core;
using CrmBlazor.Core.Common;
using CrmBlazor.Core.Identity;
using CrmBlazor.Core.Leads;
using CrmBlazor.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace CrmBlazor.Components.Pages.Leads;

/// <summary>Adds or edits a lead, shows possible duplicates as the user types, and opens "Complete lead".</summary>
public sealed partial class LeadEdit
{
    private LeadForm _form = new();
    private LeadDetails? _details;
    private IReadOnlyList<UserSummary> _users = [];
    private IReadOnlyList<DuplicateMatch> _duplicates = [];
    private FieldErrors _errors = FieldErrors.None;
    private Actor? _actor;
    private string? _title;
    private string? _message;
    private bool _loaded;
    private bool _notFound;
    private bool _saving;
    private bool _canChange = true;

    [Inject] private LeadService Leads { get; set; } = default!;
    [Inject] private DuplicateFinder Duplicates { get; set; } = default!;
    [Inject] private UserDirectory Users { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IOptions<CrmOptions> CrmOptions { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> L { get; set; } = default!;

    [Parameter]
    public int? Id { get; set; }

    private bool _readOnly => _details is { IsOpen: false } || !_canChange;

    protected override async Task OnParametersSetAsync()
    {
        _actor = await CurrentUser.GetActorAsync();
        _users = await Users.GetUsersAsync();
        _errors = FieldErrors.None;
        _message = null;
        if (Id is { } id)
        {
            _details = await Leads.GetAsync(id);
            _notFound = _details is null;
            if (_details is not null)
            {
                _form = LeadForm.From(_details.Input);
                _title = _details.Input.Title;
                _canChange = AccessPolicy.MayChange(_actor, _details.Input.ResponsibleUserId);
            }
        }
        else
        {
            _details = null;
            _form = new LeadForm { ResponsibleUserId = _actor.UserId, Currency = CrmOptions.Value.DefaultCurrency };
        }
        _loaded = true;
        await FindDuplicatesAsync();
    }

    private async Task SaveAsync()
    {
        if (_actor is null)
        {
            return;
        }
        _saving = true;
        try
        {
            var input = _form.ToInput();
            var result = _details is null
                ? await Leads.CreateAsync(input, _actor)
                : await Leads.UpdateAsync(_details.Id, _details.Version, input, _actor);
            if (result.IsOk)
            {
                Snackbar.Add(L["Common.Saved"], Severity.Success);
                if (_details is null)
                {
                    Navigation.NavigateTo($"leads/{result.Value!.Id}");
                    return;
                }
                _details = result.Value;
                _form = LeadForm.From(_details!.Input);
                _errors = FieldErrors.None;
                _message = null;
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

    private async Task CompleteAsync()
    {
        if (_details is null)
        {
            return;
        }
        var parameters = new DialogParameters<LeadCompleteDialog> { { d => d.LeadId, _details.Id }, { d => d.LeadVersion, _details.Version } };
        var dialog = await Dialogs.ShowAsync<LeadCompleteDialog>(L["Lead.Complete"], parameters, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is not { Canceled: false, Data: LeadOutcome outcome })
        {
            return;
        }
        if (outcome is { DealId: null, ContactId: null, CompanyId: null })
        {
            await OnParametersSetAsync(); // junk: stay, and show the closed lead
            return;
        }
        // Work goes on with what the lead became: the new deal first, then the contact or the company.
        Navigation.NavigateTo(outcome switch
        {
            { DealId: { } dealId } => $"deals?deal={dealId}",
            { ContactId: not null } => "contacts",
            _ => "companies",
        });
    }

    private async Task CompanyNameChanged(string? value)
    {
        _form.CompanyName = value;
        await FindDuplicatesAsync();
    }

    private async Task PhoneChanged(int index, string? value)
    {
        _form.Phones[index].Number = value ?? "";
        await FindDuplicatesAsync();
    }

    private async Task EmailChanged(int index, string? value)
    {
        _form.Emails[index].Address = value ?? "";
        await FindDuplicatesAsync();
    }

    private void AddPhone() => _form.Phones.Add(new LeadForm.Phone());
    private void AddEmail() => _form.Emails.Add(new LeadForm.Email());
    private void RemovePhone(int index) => _form.Phones.RemoveAt(index);
    private void RemoveEmail(int index) => _form.Emails.RemoveAt(index);

    private async Task FindDuplicatesAsync()
    {
        if (_details is { IsOpen: false })
        {
            _duplicates = [];
            return;
        }
        _duplicates = await Duplicates.FindAsync(new DuplicateProbe(
            _form.Emails.Select(e => e.Address).ToList(), _form.Phones.Select(p => p.Number).ToList(), _form.CompanyName, _details?.Id));
    }

    private static string LinkTo(DuplicateMatch match) => match.Kind switch
    {
        ElementKind.Lead => $"leads/{match.Id}",
        ElementKind.Contact => "contacts",
        ElementKind.Company => "companies",
        _ => $"deals?deal={match.Id}",
    };
}

/// <summary>The lead form's editable state; the core gets it as a <see cref="LeadInput"/>.</summary>
internal sealed class LeadForm
{
    public string Title { get; set; } = "";
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? CompanyName { get; set; }
    public List<Phone> Phones { get; set; } = [new()];
    public List<Email> Emails { get; set; } = [new()];
    public string? Website { get; set; }
    public string? Address { get; set; }
    public LeadSource Source { get; set; }
    public LeadStatus Status { get; set; }
    public string? ResponsibleUserId { get; set; }
    public decimal? ExpectedAmount { get; set; }
    public string? Currency { get; set; }
    public string? Comment { get; set; }

    public static LeadForm From(LeadInput input) => new()
    {
        Title = input.Title,
        FirstName = input.FirstName,
        LastName = input.LastName,
        CompanyName = input.CompanyName,
        Phones = input.Phones.Select(p => new Phone { Number = PhoneNumberFormat.Display(p.Number), Type = p.Type }).ToList(),
        Emails = input.Emails.Select(e => new Email { Address = e.Address, Type = e.Type }).ToList(),
        Website = input.Website,
        Address = input.Address,
        Source = input.Source,
        Status = input.Status,
        ResponsibleUserId = input.ResponsibleUserId,
        ExpectedAmount = input.ExpectedAmount,
        Currency = input.Currency,
        Comment = input.Comment,
    };

    public LeadInput ToInput() => new()
    {
        Title = Title ?? "",
        FirstName = FirstName,
        LastName = LastName,
        CompanyName = CompanyName,
        // Row for row, so that an error named "Phones[1]" lands on the form's second phone; the core skips empty rows.
        Phones = Phones.Select(p => new LeadPhoneInput(p.Number, p.Type)).ToList(),
        Emails = Emails.Select(e => new LeadEmailInput(e.Address, e.Type)).ToList(),
        Website = Website,
        Address = Address,
        Source = Source,
        Status = Status,
        ResponsibleUserId = ResponsibleUserId,
        ExpectedAmount = ExpectedAmount,
        Currency = ExpectedAmount is null ? null : Currency,
        Comment = Comment,
    };

    internal sealed class Phone
    {
        public string Number { get; set; } = "";
        public PhoneType Type { get; set; } = PhoneType.Mobile;
    }

    internal sealed class Email
    {
        public string Address { get; set; } = "";
        public EmailType Type { get; set; } = EmailType.Work;
    }
}
