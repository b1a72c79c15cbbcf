using System.Text;
using System.Text.Json.Nodes;
using EcsRtma.Channels.Rendering;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Findings;

namespace EcsRtma.Channels.Teams;

/// <summary>Adaptive Cards for alerts. Every untrusted value goes through <see cref="SafeText.Markdown"/>.</summary>
public static class AdaptiveCard
{
    /// <summary>The Workflows envelope around the card.</summary>
    private const int EnvelopeBytes = 160;

    public static JsonObject ForAlert(AlertContent content)
    {
        ArgumentNullException.ThrowIfNull(content);

        // Richest first; drop the least important parts until the message fits.
        foreach ((int reasons, int findings, int remediation) in new[] { (10, 10, 5), (5, 5, 2), (3, 0, 0), (1, 0, 0) })
        {
            JsonObject card = Build(content, reasons, findings, remediation);
            if (Encoding.UTF8.GetByteCount(card.ToJsonString()) + EnvelopeBytes <= TeamsChannel.MaxMessageBytes)
            {
                return card;
            }
        }

        return Build(content with { Facts = [.. content.Facts.Select(f => (f.Label, SafeText.Truncate(f.Value, 80)))] }, 1, 0, 0);
    }

    public static JsonObject ForState(AlertStateChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        string verb = change.Status == AlertStatus.Resolved ? "Resolved" : "Acknowledged";
        var body = new JsonArray
        {
            Text($"{verb} by {SafeText.Markdown(change.By, 120)}", weight: "Bolder", color: change.Status == AlertStatus.Resolved ? "Good" : "Accent"),
            Text(SafeText.Markdown(change.Title, 300), subtle: true),
        };
        if (!string.IsNullOrEmpty(change.Comment))
        {
            body.Add(Text($"\u201C{SafeText.Markdown(change.Comment, 500)}\u201D"));
        }

        return Card(body, new JsonArray());
    }

    private static JsonObject Build(AlertContent c, int reasons, int findings, int remediation)
    {
        string color = c.Severity >= Severity.High ? "Attention" : c.Severity == Severity.Medium ? "Warning" : "Default";
        var body = new JsonArray
        {
            Text($"{c.SeverityLabel}: {SafeText.Markdown(c.Action, 80)} by {SafeText.Markdown(c.Actor, 120)}", size: "Large", weight: "Bolder", color: color),
            Text($"Tier {c.Tier} · acknowledge by {c.Deadline} · alert {SafeText.Markdown(c.AlertId, 120)}", subtle: true),
            new JsonObject
            {
                ["type"] = "FactSet",
                ["facts"] = new JsonArray([.. c.Facts.Select(f => (JsonNode)new JsonObject { ["title"] = f.Label, ["value"] = SafeText.Markdown(f.Value, 300) })]),
            },
        };
        AddList(body, "Why", c.Reasons, reasons, 400);
        AddList(body, "Findings", c.Findings, findings, 400);
        AddList(body, "What to do", c.Remediation, remediation, 1200);

        var actions = new JsonArray { OpenUrl("Acknowledge", c.AcknowledgeUrl, "positive") };
        if (c.ResolveUrl is not null)
        {
            actions.Add(OpenUrl("Resolve", c.ResolveUrl, "destructive"));
        }

        if (c.BoardUrl is not null)
        {
            actions.Add(OpenUrl("Open the alert board", c.BoardUrl, null));
        }

        return Card(body, actions);
    }

    private static void AddList(JsonArray body, string heading, IReadOnlyList<string> items, int max, int length)
    {
        if (items.Count == 0 || max == 0)
        {
            return;
        }

        body.Add(Text(heading, weight: "Bolder"));
        string list = string.Join("\r", items.Take(max).Select(i => "- " + SafeText.Markdown(i, length)));
        if (items.Count > max)
        {
            list += $"\r- … and {items.Count - max} more on the alert board";
        }

        body.Add(Text(list));
    }

    private static JsonObject Card(JsonArray body, JsonArray actions)
    {
        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = body,
        };
        if (actions.Count > 0)
        {
            card["actions"] = actions;
        }

        return card;
    }

    private static JsonObject Text(string text, string? size = null, string? weight = null, string? color = null, bool subtle = false)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };
        if (size is not null)
        {
            block["size"] = size;
        }

        if (weight is not null)
        {
            block["weight"] = weight;
        }

        if (color is not null)
        {
            block["color"] = color;
        }

        if (subtle)
        {
            block["isSubtle"] = true;
        }

        return block;
    }

    private static JsonObject OpenUrl(string title, Uri url, string? style)
    {
        var action = new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = title, ["url"] = url.ToString() };
        if (style is not null)
        {
            action["style"] = style;
        }

        return action;
    }
}
