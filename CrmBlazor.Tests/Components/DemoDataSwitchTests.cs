using CrmBlazor.Core.Seeding;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace CrmBlazor.Tests.Components;

public sealed class DemoDataSwitchTests
{
    private sealed class Host(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "CrmBlazor";
        public string ContentRootPath { get; set; } = "";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    private static IConfigurationRoot Configuration(string? fromSettings, params string[] commandLine) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(fromSettings is null ? [] : [new("Crm:SeedDemoData", fromSettings)])
            .AddCommandLine(commandLine)
            .Build();

    [Theory]
    [InlineData("Development", null, true)]
    [InlineData("Development", "false", false)]
    [InlineData("Production", null, false)]
    [InlineData("Production", "false", false)]
    [InlineData("Staging", null, false)]
    public void Resolve_WithoutTheCommandLine_IsOnOnlyInDevelopment(string environment, string? setting, bool expected) =>
        Assert.Equal(expected, DemoDataSwitch.Resolve(Configuration(setting), new Host(environment)));

    [Fact]
    public void Resolve_OutsideDevelopmentAskedOnTheCommandLine_IsOn() =>
        Assert.True(DemoDataSwitch.Resolve(Configuration(null, "--Crm:SeedDemoData=true"), new Host("Production")));

    [Fact]
    public void Resolve_OutsideDevelopmentTrueFromASettingsFileOrEnvironment_RefusesToStart()
    {
        var error = Assert.Throws<CrmStartupException>(() => DemoDataSwitch.Resolve(Configuration("true"), new Host("Production")));

        Assert.Contains("--Crm:SeedDemoData=true", error.Message);
    }
}
