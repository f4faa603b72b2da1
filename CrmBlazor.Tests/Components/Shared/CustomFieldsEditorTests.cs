using Bunit;
using CrmBlazor.Components.Shared;

namespace CrmBlazor.Tests.Components.Shared;

/// <summary>A form's custom fields (decision 017): a date and time is typed and shown in the team's time (Europe/Warsaw) and kept in UTC.</summary>
public sealed class CustomFieldsEditorTests : TeamComponentTest
{
    [Fact]
    public async Task DateTimeField_ShownAndTypedInTheTeamsTime_KeptInUtc()
    {
        var admin = await Db.AddUserAsync("Ada", CrmRoles.Admin);
        Assert.True((await Db.Get<CustomFieldService>().SaveAsync(null, 0,
            new CustomFieldInput { Code = "UF_CALL", Type = CustomFieldType.DateTime, NameEn = "Call", NamePl = "Rozmowa" }, admin)).IsOk);
        var values = new Dictionary<string, CustomValue> { ["UF_CALL"] = new() { Date = new DateTime(2026, 12, 1, 23, 30, 0, DateTimeKind.Utc) } };

        var editor = Context.Render<CustomFieldsEditor>(p => p.Add(e => e.Kind, ElementKind.Lead).Add(e => e.Values, values));

        editor.WaitForAssertion(() => Assert.Equal("2026-12-02T00:30", editor.Find("input[data-field=UF_CALL]").GetAttribute("value")));
        Assert.DoesNotContain("UTC", editor.Find("[data-testid=custom-fields-editor]").TextContent);
        await editor.InvokeAsync(() => editor.Find("input[data-field=UF_CALL]").Change("2026-07-02T00:30"));
        Assert.Equal(new DateTime(2026, 7, 1, 22, 30, 0, DateTimeKind.Utc), values["UF_CALL"].Date); // summer time, UTC+2
        Assert.Equal(DateTimeKind.Utc, values["UF_CALL"].Date!.Value.Kind);
    }
}
