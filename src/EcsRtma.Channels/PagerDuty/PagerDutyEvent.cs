using System.Globalization;
using System.Text.Json.Nodes;
using EcsRtma.Channels.Rendering;
using EcsRtma.Core.Findings;

namespace EcsRtma.Channels.PagerDuty;

/// <summary>Events API v2 bodies, within its limits (summary ≤ 1024, dedup_key ≤ 255, payload ≤ 512 KB).</summary>
public static class PagerDutyEvent
{
    public static JsonObject Trigger(string routingKey, AlertContent c)
    {
        ArgumentNullException.ThrowIfNull(c);
        string Fact(string label) => c.Facts.FirstOrDefault(f => f.Label == label).Value ?? string.Empty;
        var details = new JsonObject
        {
            ["alert_id"] = c.AlertId,
            ["tier"] = c.Tier,
            ["acknowledge_by"] = c.AckDeadline.ToString("o", CultureInfo.InvariantCulture),
            ["why"] = new JsonArray([.. c.Reasons.Take(20).Select(r => (JsonNode)SafeText.Plain(r, 1000))]),
        };
        foreach ((string label, string value) in c.Facts)
        {
            details[label.ToLowerInvariant().Replace(' ', '_')] = SafeText.Plain(value, 500);
        }

        if (c.Findings.Count > 0)
        {
            details["findings"] = new JsonArray([.. c.Findings.Take(20).Select(f => (JsonNode)SafeText.Plain(f, 1000))]);
        }

        var links = new JsonArray { Link(c.AcknowledgeUrl, "Acknowledge in EcsRtma") };
        if (c.ResolveUrl is not null)
        {
            links.Add(Link(c.ResolveUrl, "Resolve in EcsRtma"));
        }

        if (c.BoardUrl is not null)
        {
            links.Add(Link(c.BoardUrl, "EcsRtma alert board"));
        }

        string source = string.Join('/', new[] { Fact("Account"), Fact("Region"), Fact("Cluster") }.Where(s => s.Length > 0));
        var payload = new JsonObject
        {
            ["summary"] = SafeText.Truncate($"{c.SeverityLabel}: {SafeText.Plain(c.Action, 80)} by {SafeText.Plain(c.Actor, 200)} in {SafeText.Plain(source, 300)}", 1024),
            ["severity"] = Map(c.Severity),
            ["source"] = SafeText.Plain(source.Length > 0 ? source : "aws-ecs", 255),
            ["timestamp"] = c.EventTime.ToString("o", CultureInfo.InvariantCulture),
            ["class"] = SafeText.Plain(c.Action, 100),
            ["custom_details"] = details,
        };
        if (Fact("Cluster").Length > 0)
        {
            payload["group"] = SafeText.Plain(Fact("Cluster"), 255);
        }

        if (Fact("Service").Length > 0)
        {
            payload["component"] = SafeText.Plain(Fact("Service"), 255);
        }

        var body = new JsonObject
        {
            ["routing_key"] = routingKey,
            ["event_action"] = "trigger",
            ["dedup_key"] = SafeText.Truncate(c.AlertId, 255),
            ["payload"] = payload,
            ["client"] = "EcsRtma",
            ["links"] = links,
        };
        if (c.BoardUrl is not null)
        {
            body["client_url"] = c.BoardUrl.ToString();
        }

        return body;
    }

    public static JsonObject Follow(string routingKey, string alertId, string action) => new()
    {
        ["routing_key"] = routingKey,
        ["event_action"] = action,
        ["dedup_key"] = SafeText.Truncate(alertId, 255),
    };

    public static string Map(Severity severity) => severity switch
    {
        Severity.Critical => "critical",
        Severity.High => "error",
        Severity.Medium => "warning",
        _ => "info",
    };

    private static JsonObject Link(Uri href, string text) => new() { ["href"] = href.ToString(), ["text"] = text };
}
