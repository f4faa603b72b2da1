namespace CrmBlazor.Components.Layout;

/// <summary>
/// The app's colours, light and dark, chosen for WCAG 2.1 AA: text on every background and every filled colour
/// (chips, badges, buttons) at least 4.5:1. MudBlazor's own success, warning and info colours under white text are about
/// 2-3:1, so the light palette darkens them, and the dark palette, whose colours are light, puts dark text on them.
/// </summary>
internal static class CrmTheme
{
    private const string DarkText = "#111418";

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1a5fb4",
            Secondary = "#00796b",
            Info = "#1565c0",
            Success = "#1e6b24",
            Warning = "#a85400",
            Error = "#c62828",
            AppbarBackground = "#1a5fb4",
            Background = "#f5f7fa",
            TextSecondary = "#5f6368",
            TextDisabled = "#6b6e72",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#64a4ff",
            PrimaryContrastText = DarkText,
            Secondary = "#4db6ac",
            SecondaryContrastText = DarkText,
            Info = "#64b5f6",
            InfoContrastText = DarkText,
            Success = "#3ccf91",
            SuccessContrastText = DarkText,
            Warning = "#ffb74d",
            WarningContrastText = DarkText,
            Error = "#ff8a80",
            ErrorContrastText = DarkText,
            TextSecondary = "#b8b8bd",
            TextDisabled = "#a8a8b0",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
