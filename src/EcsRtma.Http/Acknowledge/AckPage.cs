using System.Net;
using EcsRtma.Workflow.Links;

namespace EcsRtma.Http.Acknowledge;

/// <summary>
/// The small HTML pages behind an acknowledgement link. GET shows a confirmation form and changes
/// nothing (mail scanners and link previews follow GET links); the form POSTs the acknowledgement.
/// Every dynamic value is HTML-encoded: alert titles carry attacker-controlled event fields.
/// </summary>
public static class AckPage
{
    public static string Confirm(AckResponse preview, string postUrl)
    {
        ArgumentNullException.ThrowIfNull(preview);
        string form = preview.StatusCode == 200
            ? $"""<form method="post" action="{WebUtility.HtmlEncode(postUrl)}"><label>Comment (optional) <input name="comment" maxlength="500"></label> <button type="submit">{Verb(preview.Action)}</button></form>"""
            : string.Empty;
        return Page($"{Verb(preview.Action)} alert", $"<p>{WebUtility.HtmlEncode(preview.Message)}</p>{form}");
    }

    public static string Result(AckResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        string done = response.Action == AckActions.Resolve ? "Resolved" : "Acknowledged";
        return Page(response.StatusCode < 300 ? done : $"Not {done.ToLowerInvariant()}", $"<p>{WebUtility.HtmlEncode(response.Message)}</p>");
    }

    private static string Verb(string action) => action == AckActions.Resolve ? "Resolve" : "Acknowledge";

    private static string Page(string title, string body) =>
        $"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">
        <meta name="viewport" content="width=device-width, initial-scale=1"><title>EcsRtma: {title}</title>
        <style>body{"{"}font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem{"}"}</style></head>
        <body><h1>{title}</h1>{body}</body></html>
        """;
}
