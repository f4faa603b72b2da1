namespace CrmBlazor.Localization;

/// <summary>
/// Gives MudBlazor's components their strings in the user's language from <see cref="MudResource"/>. MudBlazor's
/// localization interceptor asks it first and falls back to its built-in English for a key it does not know (a key a
/// newer MudBlazor adds before <c>mudblazor.tsv</c> has it).
/// </summary>
public sealed class CrmMudLocalizer(IStringLocalizer<MudResource> strings) : MudLocalizer
{
    public override LocalizedString this[string key] => strings[key];

    public override LocalizedString this[string key, params object[] arguments] => strings[key, arguments];
}
