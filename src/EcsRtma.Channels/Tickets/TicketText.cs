using EcsRtma.Channels.Rendering;

namespace EcsRtma.Channels.Tickets;

/// <summary>Plain-text ticket bodies (Zendesk and ServiceNow autolink plain URLs, so untrusted values are defanged).</summary>
public static class TicketText
{
    public static string Body(AlertContent c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var lines = new List<string>
        {
            $"{c.SeverityLabel}: {SafeText.Plain(c.Action, 80)} by {SafeText.Plain(c.Actor, 200)}",
            $"Alert {c.AlertId}, tier {c.Tier}, acknowledge by {c.Deadline}.",
            string.Empty,
        };
        lines.AddRange(c.Facts.Select(f => $"{f.Label}: {SafeText.Plain(f.Value, 400)}"));
        lines.Add(string.Empty);
        lines.Add("Why:");
        lines.AddRange(c.Reasons.Concat(c.Findings).Take(20).Select(r => "- " + SafeText.Plain(r, 1000)));
        if (c.Remediation.Count > 0)
        {
            lines.Add(string.Empty);
            lines.Add("What to do:");
            lines.AddRange(c.Remediation.Take(5).Select(r => "- " + SafeText.Plain(r, 2000)));
        }

        lines.Add(string.Empty);
        lines.Add($"Acknowledge: {c.AcknowledgeUrl}");
        if (c.ResolveUrl is not null)
        {
            lines.Add($"Resolve: {c.ResolveUrl}");
        }

        if (c.BoardUrl is not null)
        {
            lines.Add($"Alert board: {c.BoardUrl}");
        }

        return SafeText.Truncate(string.Join('\n', lines), 60_000);
    }
}
