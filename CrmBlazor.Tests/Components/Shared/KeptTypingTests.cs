using System.Text.Json;
using CrmBlazor.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmBlazor.Tests.Components.Shared;

/// <summary>
/// <see cref="KeptTyping.Resume{TInput}"/> on a resumed circuit's state: only the kept field is taken, into the input
/// just read, for each element's input (a block of custom values included), and the field opens again; another
/// element, a field the input does not have, or a user who may no longer edit, resumes nothing. The state is seeded as
/// Blazor writes it (web JSON defaults). The whole drop is in <c>KeptTypingBrowserTests</c>.
/// </summary>
public sealed class KeptTypingTests
{
    [Fact]
    public async Task Resume_TakesOnlyTheKeptField_IntoTheInputJustRead_AndOpensIt()
    {
        var saved = new DealInput { Title = "Before", Amount = 10m, Currency = "PLN", StageId = 3 };
        var kept = Kept(ElementRef.Deal(7), "Title", "Before", "Typed");
        var (typing, edit) = await ResumedAsync(kept);
        var readAgain = saved with { Amount = 777m }; // another user's save meanwhile, in another field

        var resumed = typing.Resume(ElementRef.Deal(7), readAgain, edit, out var changedMeanwhile);

        Assert.Equal(JsonSerializer.Serialize(readAgain with { Title = "Typed" }), JsonSerializer.Serialize(resumed)); // records compare the dictionary by reference
        Assert.False(changedMeanwhile);
        Assert.Equal("Title", edit.Editing);
        Assert.Null(typing.Resume(ElementRef.Deal(7), readAgain, edit, out _)); // taken once
    }

    [Fact]
    public async Task Resume_TheSameFieldSavedMeanwhile_SaysSo()
    {
        var (typing, edit) = await ResumedAsync(Kept(ElementRef.Contact(5), "Position", "Before", "Mine"));
        var resumed = typing.Resume(ElementRef.Contact(5), new ContactInput { FirstName = "Ann", Position = "Theirs" }, edit, out var changedMeanwhile);
        Assert.Equal("Mine", resumed!.Position);
        Assert.True(changedMeanwhile);
    }

    [Fact]
    public async Task Resume_ABlockOfCustomValues_ReadsBackFromJson()
    {
        var custom = new Dictionary<string, CustomValue> { ["cf1"] = new() { Text = "x" }, ["cf2"] = new() { Options = [1, 2] } };
        var (typing, edit) = await ResumedAsync(Kept(ElementRef.Company(4), "Custom", new Dictionary<string, CustomValue>(), custom));
        var company = typing.Resume(ElementRef.Company(4), new CompanyInput { Name = "C" }, edit, out var changedMeanwhile);
        Assert.Equal(JsonSerializer.Serialize(custom), JsonSerializer.Serialize(company!.Custom));
        Assert.False(changedMeanwhile);
    }

    [Fact]
    public async Task Resume_TheUserMayNoLongerEdit_ResumesNothing_AndOpensNothing()
    {
        var (typing, edit) = await ResumedAsync(Kept(ElementRef.Deal(7), "Title", "Before", "Typed"));
        edit.CanEdit = false; // another responsible user now, or a lead closed meanwhile
        Assert.Null(typing.Resume(ElementRef.Deal(7), new DealInput { Title = "Before" }, edit, out var changedMeanwhile));
        Assert.Null(edit.Editing);
        Assert.False(changedMeanwhile);
    }

    [Fact]
    public async Task Resume_AnotherElementOrAnUnknownField_ResumesNothing()
    {
        var (typing, edit) = await ResumedAsync(Kept(ElementRef.Deal(7), "Title", "Before", "Typed"));
        Assert.Null(typing.Resume(ElementRef.Deal(8), new DealInput { Title = "Other" }, edit, out _));
        Assert.Null(edit.Editing);

        (typing, edit) = await ResumedAsync(Kept(ElementRef.Deal(7), "Gone", "a", "b"));
        Assert.Null(typing.Resume(ElementRef.Deal(7), new DealInput { Title = "Same" }, edit, out _));
        Assert.Null(edit.Editing);
    }

    private static KeptTyping.Kept Kept(ElementRef element, string field, object saved, object typed) =>
        new(element.ToString(), field, JsonSerializer.SerializeToElement(saved), JsonSerializer.SerializeToElement(typed));

    /// <summary>A page's helper on a circuit resumed with <paramref name="kept"/> in its state.</summary>
    private static async Task<(KeptTyping Typing, InPlaceEdit Edit)> ResumedAsync(KeptTyping.Kept kept)
    {
        var manager = new ComponentStatePersistenceManager(NullLogger<ComponentStatePersistenceManager>.Instance);
        await manager.RestoreStateAsync(new Store(new Dictionary<string, byte[]> { [KeptTyping.Key] = JsonSerializer.SerializeToUtf8Bytes(kept, JsonSerializerOptions.Web) }));
        var edit = new InPlaceEdit(() => Task.FromResult(true), () => Task.CompletedTask, () => { }) { CanEdit = true };
        return (new KeptTyping(manager.State, edit, () => null, () => null, () => null), edit);
    }

    private sealed class Store(IDictionary<string, byte[]> state) : IPersistentComponentStateStore
    {
        public Task<IDictionary<string, byte[]>> GetPersistedStateAsync() => Task.FromResult(state);

        public Task PersistStateAsync(IReadOnlyDictionary<string, byte[]> state) => Task.CompletedTask;
    }
}
