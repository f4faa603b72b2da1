namespace CrmBlazor.Components.Shared;

/// <summary>Where an entity's one form is shown; each form decides which of its fields that place wants.</summary>
public enum FormPlace
{
    /// <summary>A dialog that adds (or edits) the record: the fields worth typing first.</summary>
    Dialog,
    /// <summary>The record's own page: every field.</summary>
    Page,
    /// <summary>A part of "Complete lead": the few fields the lead prefills.</summary>
    CompleteLead,
}
