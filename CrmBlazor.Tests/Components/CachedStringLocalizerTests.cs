using System.Globalization;
using CrmBlazor.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Tests.Components;

/// <summary>The app's cached localizers give exactly what the framework's give, in each UI culture, found or not.</summary>
public sealed class CachedStringLocalizerTests
{
    private static ResourceManagerStringLocalizerFactory Framework() =>
        new(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance);

    [Theory]
    [InlineData("en", "Nav.Deals", null)]
    [InlineData("pl", "Nav.Deals", null)]
    [InlineData("en", "Time.Minutes", 5)]
    [InlineData("pl", "Time.Minutes", 5)]
    [InlineData("en", "No.Such.Key", null)]
    [InlineData("pl", "No.Such.Key {0}", 7)]
    public void EachString_IsTheFrameworksOwn_AfterTheCultureChangesToo(string culture, string name, int? argument)
    {
        var framework = Framework().Create(typeof(SharedResource));
        var cached = new CachedStringLocalizerFactory(Framework()).Create(typeof(SharedResource));
        var other = culture == "en" ? "pl" : "en";
        foreach (var ui in new[] { culture, other, culture })
        {
            using var _ = new CultureScope(ui);
            var expected = argument is { } a ? framework[name, a] : framework[name];
            var actual = argument is { } b ? cached[name, b] : cached[name];
            Assert.Equal((expected.Name, expected.Value, expected.ResourceNotFound, expected.SearchedLocation),
                (actual.Name, actual.Value, actual.ResourceNotFound, actual.SearchedLocation));
        }
    }

    [Fact]
    public void PolishAfterEnglish_IsPolish_NotTheFirstCultureKept()
    {
        var cached = new CachedStringLocalizerFactory(Framework()).Create(typeof(SharedResource));
        using (new CultureScope("en"))
        {
            Assert.Equal("Deals", cached["Nav.Deals"].Value);
        }
        using (new CultureScope("pl"))
        {
            Assert.Equal("Deale", cached["Nav.Deals"].Value);
        }
    }

    [Fact]
    public void OneLocalizerPerResource_SoEveryComponentSharesItsCache()
    {
        var factory = new CachedStringLocalizerFactory(Framework());

        Assert.Same(factory.Create(typeof(SharedResource)), factory.Create(typeof(SharedResource)));
    }

    private sealed class CultureScope : IDisposable
    {
        private readonly (CultureInfo Culture, CultureInfo Ui) _before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);

        public CultureScope(string name) => (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (new CultureInfo(name), new CultureInfo(name));

        public void Dispose() => (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = _before;
    }
}
