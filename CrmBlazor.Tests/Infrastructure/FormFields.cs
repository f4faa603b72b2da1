using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>A rendered form's MudBlazor fields found by their labels, as a user finds them.</summary>
public static class FormFields
{
    /// <summary>The field labelled <paramref name="label"/> (a required one's trailing * aside), with its helper and error text.</summary>
    public static IElement Field<T>(this IRenderedComponent<T> form, string label) where T : IComponent =>
        form.FindAll(".mud-input-control").FirstOrDefault(c => c.QuerySelector("label")?.TextContent.Trim().TrimEnd('*').Trim() == label)
        ?? throw new InvalidOperationException($"No field labelled '{label}' in: {string.Join(", ", Labels(form))}");

    /// <summary>The text box of the field labelled <paramref name="label"/>.</summary>
    public static IElement Input<T>(this IRenderedComponent<T> form, string label) where T : IComponent =>
        form.Field(label).QuerySelector("input, textarea")!;

    /// <summary>What the field labelled <paramref name="label"/> shows as its error, or null.</summary>
    public static string? ErrorOf<T>(this IRenderedComponent<T> form, string label) where T : IComponent =>
        form.Field(label).QuerySelectorAll(".mud-input-helper-text.mud-input-error").Select(e => e.TextContent.Trim()).FirstOrDefault(text => text.Length > 0);

    public static IReadOnlyList<string> Labels<T>(this IRenderedComponent<T> form) where T : IComponent =>
        form.FindAll(".mud-input-control label").Select(l => l.TextContent.Trim().TrimEnd('*').Trim()).ToList();

    /// <summary>Every text box, select and text area the form shows is read-only, and it offers no buttons to add or remove.</summary>
    public static void AssertReadOnly<T>(this IRenderedComponent<T> form) where T : IComponent
    {
        Assert.All(form.FindAll("input:not([type=hidden]), textarea"), input => Assert.True(input.HasAttribute("readonly"), input.OuterHtml));
        Assert.DoesNotContain(form.FindAll("button"), b => b.Closest(".mud-input-control") is null);
    }
}
