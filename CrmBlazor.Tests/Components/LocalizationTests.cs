using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;

namespace CrmBlazor.Tests.Components;

public partial class LocalizationTests
{
    private static readonly ResourceManager Resources = new("CrmBlazor.Resources.SharedResource", typeof(SharedResource).Assembly);

    [Theory]
    [InlineData("en")]
    [InlineData("pl")]
    public void EveryKeyTheUiAndCoreUse_HasTextInEachLanguage(string culture)
    {
        // English is the neutral resource set; Polish its satellite. Neither may fall back to the other.
        var set = Resources.GetResourceSet(culture == "en" ? CultureInfo.InvariantCulture : new CultureInfo(culture), createIfNotExists: true, tryParents: false)!;

        var missing = UsedKeys().Where(key => set.GetString(key) is null).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void Polish_IsATranslationNotACopy()
    {
        Assert.Equal("Deale", Resources.GetString("Nav.Deals", new CultureInfo("pl")));
        Assert.Equal("Deals", Resources.GetString("Nav.Deals", new CultureInfo("en")));
    }

    private static IEnumerable<string> UsedKeys()
    {
        var root = Repository.Root;
        var sources = Directory.EnumerateFiles(Path.Combine(root, "CrmBlazor"), "*.*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "CrmBlazor.Core"), "*.cs", SearchOption.AllDirectories))
            .Where(f => (f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal)) && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal));
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in sources)
        {
            var text = File.ReadAllText(file);
            keys.UnionWith(LocalizerKey().Matches(text).Select(m => m.Groups[1].Value));
            keys.UnionWith(MessageKey().Matches(text).Select(m => m.Groups[1].Value));
        }
        keys.UnionWith(CrmBlazor.Core.Identity.CrmRoles.All.Select(r => "Role." + r));
        // Keys the UI builds from enum values ("LeadStatus." + status).
        foreach (var type in new[] { typeof(LeadStatus), typeof(LeadSource), typeof(PhoneType), typeof(EmailType), typeof(JunkReason), typeof(ElementKind), typeof(MatchReason),
            typeof(ActivityType), typeof(ActivityDirection), typeof(ActivityPeriod), typeof(TimelineKind) })
        {
            keys.UnionWith(Enum.GetNames(type).Select(name => $"{type.Name}.{name}"));
        }
        // Keys built from a prefix and an enum value elsewhere.
        keys.UnionWith(Enum.GetNames<ActivityType>().Select(name => "Activity.Plan." + name));
        keys.UnionWith(Enum.GetNames<ElementKind>().Select(name => "Timeline.Created." + name));
        keys.UnionWith(["Field.Title", "Field.Amount", "Field.Company", "Field.Contact", "Field.Responsible", "Field.Name", "Field.CompanyName",
            "Field.Status", "Field.Source", "Field.ExpectedAmount", "Timeline.NewContact", "Timeline.NewCompany", "Timeline.NewDeal",
            "Timeline.LinkedContact", "Timeline.LinkedCompany", "Timeline.Closed.Won", "Timeline.Closed.Lost",
            "Field.Position", "Field.Email", "Field.Phone", "Field.Website", "Field.City"]);
        Assert.True(keys.Count > 50, $"only {keys.Count} keys found: the scan is broken");
        return keys;
    }

    [GeneratedRegex(@"L\[""([A-Za-z]+\.[A-Za-z]+)""")]
    private static partial Regex LocalizerKey();

    // Message keys where Core and components hand them over: field errors, results, and the keys passed to the localizer.
    [GeneratedRegex(@"(?:FieldError\([^,()]+,\s*|\.Add\([^,()]+,\s*|NotFound\(|Forbidden\(|Conflict\([^,()]+,\s*|=>\s*)""([A-Z][A-Za-z]+\.[A-Za-z]+)""")]
    private static partial Regex MessageKey();
}
