using System.Text;
using EcsRtma.Channels.Rendering;

namespace EcsRtma.Channels.Graph;

/// <summary>The email's subject and HTML body.</summary>
public static class EmailMessage
{
    public static string Subject(AlertContent c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return SafeText.Truncate($"[EcsRtma] {c.SeverityLabel}: {SafeText.Plain(c.Action, 60)} by {SafeText.Plain(c.Actor, 80)}", 250);
    }

    public static string Html(AlertContent c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var html = new StringBuilder();
        html.Append("<!doctype html><html><body style=\"font-family:Segoe UI,Arial,sans-serif;color:#1c2833\">");
        html.Append("<h2 style=\"margin:0 0 .5em\">").Append(SafeText.Html($"{c.SeverityLabel}: {c.Action} by {c.Actor}", 400)).Append("</h2>");
        html.Append("<p style=\"color:#566573\">Tier ").Append(c.Tier).Append(" · acknowledge by ").Append(c.Deadline).Append(" · alert ").Append(SafeText.Html(c.AlertId, 120)).Append("</p>");
        html.Append("<table cellpadding=\"4\" style=\"border-collapse:collapse\">");
        foreach ((string label, string value) in c.Facts)
        {
            html.Append("<tr><th align=\"left\">").Append(label).Append("</th><td>").Append(SafeText.Html(value, 400)).Append("</td></tr>");
        }

        html.Append("</table>");
        List("Why", c.Reasons.Concat(c.Findings), html);
        List("What to do", c.Remediation, html);
        html.Append("<p>");
        Button(html, "Acknowledge", c.AcknowledgeUrl, "#1e8449");
        if (c.ResolveUrl is not null)
        {
            Button(html, "Resolve", c.ResolveUrl, "#922b21");
        }

        if (c.BoardUrl is not null)
        {
            Button(html, "Open the alert board", c.BoardUrl, "#2874a6");
        }

        html.Append("</p><p style=\"color:#566573;font-size:small\">Each link works once and expires. Sent by EcsRtma.</p></body></html>");
        return html.ToString();
    }

    private static void List(string heading, IEnumerable<string> items, StringBuilder html)
    {
        string[] all = [.. items.Take(20)];
        if (all.Length == 0)
        {
            return;
        }

        html.Append("<h3>").Append(heading).Append("</h3><ul>");
        foreach (string item in all)
        {
            html.Append("<li style=\"white-space:pre-wrap\">").Append(SafeText.Html(item, 1500)).Append("</li>");
        }

        html.Append("</ul>");
    }

    private static void Button(StringBuilder html, string text, Uri url, string color) =>
        html.Append("<a href=\"").Append(System.Net.WebUtility.HtmlEncode(url.ToString())).Append("\" style=\"display:inline-block;padding:8px 14px;margin-right:8px;color:#fff;background:")
            .Append(color).Append(";text-decoration:none;border-radius:4px\">").Append(text).Append("</a>");
}
