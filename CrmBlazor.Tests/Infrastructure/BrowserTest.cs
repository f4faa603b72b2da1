namespace CrmBlazor.Tests.Infrastructure;

/// <summary>A test class of the browser collection: one shared app and Chromium (<see cref="BrowserFixture"/>).</summary>
[Collection(BrowserCollection.Name)]
public abstract class BrowserTest(BrowserFixture fixture)
{
    protected BrowserFixture Fixture { get; } = fixture;
}
