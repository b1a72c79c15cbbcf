using System.Text;
using System.Text.Json.Nodes;
using EcsRtma.Channels.Rendering;
using EcsRtma.Core.Alerts;

namespace EcsRtma.Channels.Slack;

/// <summary>Block Kit rendering within Slack's limits (header ≤ 150, section ≤ 3000, fields ≤ 10 × 2000, button url ≤ 3000).</summary>
public static class SlackMessage
{
    public static JsonObject ForAlert(AlertContent c)
    {
        ArgumentNullException.ThrowIfNull(c);
        string headline = $"{c.SeverityLabel}: {SafeText.Clean(c.Action, 60)} by {SafeText.Clean(c.Actor, 60)}";
        var fields = new JsonArray([.. c.Facts.Take(10).Select(f => (JsonNode)Mrkdwn($"*{f.Label}*\n{SafeText.Slack(f.Value, 300)}"))]);
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = SafeText.Truncate(headline, 150), ["emoji"] = false } },
            new JsonObject { ["type"] = "section", ["fields"] = fields },
        };
        if (c.Reasons.Count > 0)
        {
            blocks.Add(Section("*Why*\n" + Bullets(c.Reasons.Concat(c.Findings))));
        }

        if (c.Remediation.Count > 0)
        {
            blocks.Add(Section("*What to do*\n" + Bullets(c.Remediation)));
        }

        blocks.Add(new JsonObject
        {
            ["type"] = "context",
            ["elements"] = new JsonArray(Mrkdwn($"Tier {c.Tier} · acknowledge by {c.Deadline} · alert `{SafeText.Slack(c.AlertId, 120)}`")),
        });
        var buttons = new JsonArray { Button("Acknowledge", c.AcknowledgeUrl, "ack", "primary") };
        if (c.ResolveUrl is not null)
        {
            buttons.Add(Button("Resolve", c.ResolveUrl, "resolve", "danger"));
        }

        if (c.BoardUrl is not null)
        {
            buttons.Add(Button("Open board", c.BoardUrl, "board", null));
        }

        blocks.Add(new JsonObject { ["type"] = "actions", ["elements"] = buttons });
        return new JsonObject
        {
            ["text"] = SafeText.Truncate(SafeText.Slack($"{c.SeverityLabel}: {c.Action} by {c.Actor}", 300), 3000),
            ["blocks"] = blocks,
            ["unfurl_links"] = false,
            ["unfurl_media"] = false,
        };
    }

    public static JsonObject ForState(AlertStateChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        string verb = change.Status == AlertStatus.Resolved ? "Resolved" : "Acknowledged";
        string line = $"*{verb}* by {SafeText.Slack(change.By, 120)}{(string.IsNullOrEmpty(change.Comment) ? string.Empty : $": {SafeText.Slack(change.Comment, 500)}")}";
        return new JsonObject
        {
            ["text"] = $"{verb}: {SafeText.Slack(change.Title, 300)}",
            ["blocks"] = new JsonArray(Section($"{SafeText.Slack(change.Title, 300)}\n{line}")),
            ["unfurl_links"] = false,
        };
    }

    private static string Bullets(IEnumerable<string> items)
    {
        var text = new StringBuilder();
        foreach (string item in items)
        {
            string line = "• " + SafeText.Slack(item, 600) + "\n";
            if (text.Length + line.Length > 2900)
            {
                text.Append("• …more on the alert board");
                break;
            }

            text.Append(line);
        }

        return text.ToString().TrimEnd('\n');
    }

    private static JsonObject Section(string mrkdwn) => new() { ["type"] = "section", ["text"] = Mrkdwn(SafeText.Truncate(mrkdwn, 3000)) };

    private static JsonObject Mrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text, ["verbatim"] = true };

    private static JsonObject Button(string text, Uri url, string actionId, string? style)
    {
        var button = new JsonObject
        {
            ["type"] = "button",
            ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = text },
            ["url"] = url.ToString(),
            ["action_id"] = actionId,
        };
        if (style is not null)
        {
            button["style"] = style;
        }

        return button;
    }
}
