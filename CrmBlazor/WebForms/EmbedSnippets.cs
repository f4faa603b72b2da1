using System.Net;
using System.Text;

namespace CrmBlazor.WebForms;

/// <summary>What a website pastes to show a form: the widget's one line, and a plain HTML form for sites that allow no script.</summary>
public static class EmbedSnippets
{
    public static string Script(string baseUrl, string slug) =>
        $"<script src=\"{Attr(baseUrl.TrimEnd('/'))}/widget.js\" data-form=\"{Attr(slug)}\" async></script>";

    public static string Link(string baseUrl, string slug) => $"{baseUrl.TrimEnd('/')}/forms/{slug}";

    /// <summary>
    /// A form that posts to the submit endpoint and lands on the CRM's answer page (thank-you, or the form again with
    /// messages). It carries no time token, so only the honeypot and the rate limit guard it (decision 013).
    /// </summary>
    public static string HtmlForm(string baseUrl, PublicWebForm form)
    {
        var html = new StringBuilder();
        html.Append($"<form action=\"{Attr(Link(baseUrl, form.Slug))}\" method=\"post\" accept-charset=\"utf-8\">\n");
        foreach (var field in form.Fields)
        {
            var required = field.Required ? " required" : "";
            html.Append($"  <p><label for=\"crm-{field.Key}\">{Text(field.Label)}</label><br>\n");
            html.Append(field.InputType switch
            {
                "select" => $"  <select id=\"crm-{field.Key}\" name=\"{field.Key}\"{required}><option value=\"\"></option>"
                    + string.Concat((field.Options ?? []).Select(o => $"<option value=\"{o.Id}\">{Text(o.Label)}</option>")) + "</select></p>\n",
                "checkbox" => $"  <input id=\"crm-{field.Key}\" name=\"{field.Key}\" type=\"checkbox\" value=\"on\"{required}></p>\n",
                _ when field.IsMultiline => $"  <textarea id=\"crm-{field.Key}\" name=\"{field.Key}\" maxlength=\"{field.MaxLength}\"{required}></textarea></p>\n",
                _ => $"  <input id=\"crm-{field.Key}\" name=\"{field.Key}\" type=\"{field.InputType}\" maxlength=\"{field.MaxLength}\"{required}></p>\n",
            });
        }
        if (form.ConsentText is { } consent)
        {
            html.Append($"  <p><input id=\"crm-consent\" name=\"consent\" type=\"checkbox\" value=\"on\" required> <label for=\"crm-consent\">{Text(consent)}</label>");
            if (form.PrivacyPolicyUrl is { } privacy)
            {
                html.Append($" <a href=\"{Attr(privacy)}\">{(form.Language == "pl" ? "Polityka prywatności" : "Privacy policy")}</a>");
            }
            html.Append("</p>\n");
        }
        html.Append($"  <div style=\"position:absolute;left:-10000px\" aria-hidden=\"true\"><input name=\"{WebFormEndpoints.HoneypotField}\" tabindex=\"-1\" autocomplete=\"off\"></div>\n");
        html.Append($"  <input type=\"hidden\" name=\"_lang\" value=\"{form.Language}\">\n");
        html.Append($"  <button type=\"submit\">{(form.Language == "pl" ? "Wyślij" : "Send")}</button>\n</form>");
        return html.ToString();
    }

    private static string Attr(string value) => WebUtility.HtmlEncode(value);

    private static string Text(string value) => WebUtility.HtmlEncode(value);
}
