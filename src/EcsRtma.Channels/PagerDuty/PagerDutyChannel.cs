using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcsRtma.Channels.Rendering;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Detection;
using EcsRtma.Core.Ports;
using Microsoft.Extensions.Options;

namespace EcsRtma.Channels.PagerDuty;

/// <summary>PagerDuty Events API v2 and inbound v3 webhooks. Section <c>Channels:PagerDuty</c>.</summary>
public sealed class PagerDutyChannelOptions
{
    public const string SectionName = "Channels:PagerDuty";

    /// <summary>The service integration's 32-character routing (integration) key. A Key Vault reference in Azure.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9]{32}$", ErrorMessage = "Channels:PagerDuty:RoutingKey must be the 32-character integration key")]
    public string RoutingKey { get; set; } = string.Empty;

    public Uri EventsUrl { get; set; } = new("https://events.pagerduty.com/v2/enqueue");

    /// <summary>Secret(s) of the v3 webhook subscription that reports acknowledgements and resolutions back; comma-separated during rotation.</summary>
    public string? WebhookSecret { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);
}

/// <summary>
/// Triggers a PagerDuty incident with <c>dedup_key</c> = our alert id (a later tier re-triggers the
/// same incident), and sends <c>acknowledge</c> / <c>resolve</c> events when that happens here.
/// </summary>
public sealed class PagerDutyChannel(HttpClient http, IOptions<PagerDutyChannelOptions> options) : IAlertChannel, IAlertStateChannel
{
    public const string ChannelName = "pagerduty";

    public string Name => ChannelName;

    public async Task<DeliveryReceipt> SendAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        JsonObject body = PagerDutyEvent.Trigger(options.Value.RoutingKey, AlertContent.From(notification));
        await EnqueueAsync(body, cancellationToken);
        return new DeliveryReceipt(notification.AlertId);
    }

    public Task ReflectAsync(AlertStateChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return EnqueueAsync(PagerDutyEvent.Follow(options.Value.RoutingKey, change.AlertId, change.Status == AlertStatus.Resolved ? "resolve" : "acknowledge"), cancellationToken);
    }

    private async Task EnqueueAsync(JsonObject body, CancellationToken cancellationToken)
    {
        using HttpRequestMessage request = ChannelHttp.JsonRequest(HttpMethod.Post, options.Value.EventsUrl, body);
        using HttpResponseMessage response = await ChannelHttp.SendAsync(http, request, Name, cancellationToken);
    }
}

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

/// <summary>What an inbound PagerDuty v3 webhook asks of us.</summary>
public sealed record PagerDutyAnswer(string AlertId, string Action, string By)
{
    /// <summary>PagerDuty's id of the webhook event (single use here).</summary>
    public string? EventId { get; init; }

    /// <summary>When the event occurred (<c>event.occurred_at</c>); a signed body much older than this is a replay.</summary>
    public DateTimeOffset? OccurredAt { get; init; }
}

/// <summary>
/// Inbound PagerDuty v3 webhooks: <c>X-PagerDuty-Signature: v1=hex(HMAC-SHA256(secret, raw body))</c>
/// (several during rotation) verified in constant time, then <c>incident.acknowledged</c> /
/// <c>incident.resolved</c> mapped to our alert through the incident key (our dedup_key).
/// </summary>
public static class PagerDutyWebhook
{
    public static bool Verify(string? secrets, string body, string? signatureHeader)
    {
        if (string.IsNullOrEmpty(secrets) || string.IsNullOrEmpty(signatureHeader))
        {
            return false;
        }

        string[] offered = [.. signatureHeader.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s.StartsWith("v1=", StringComparison.Ordinal)).Select(s => s[3..])];
        foreach (string secret in secrets.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            byte[] expected = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body))));
            if (offered.Any(o => CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(o.ToLowerInvariant()))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Null for events we do not act on (other types, incidents not raised by us).</summary>
    public static PagerDutyAnswer? Read(string body)
    {
        try
        {
            JsonNode? e = JsonNode.Parse(body)?["event"];
            string? type = e?["event_type"]?.GetValue<string>();
            string? action = type switch
            {
                "incident.acknowledged" => "ack",
                "incident.resolved" => "resolve",
                _ => null,
            };
            string? key = e?["data"]?["incident_key"]?.GetValue<string>();
            if (action is null || string.IsNullOrEmpty(key) || !key.StartsWith("ecs-", StringComparison.Ordinal))
            {
                return null;
            }

            string who = e?["agent"]?["summary"]?.GetValue<string>() ?? "someone";
            string? occurred = e?["occurred_at"]?.GetValue<string>();
            return new PagerDutyAnswer(key, action, $"pagerduty:{SafeText.Plain(who, 100)}")
            {
                EventId = e?["id"]?.GetValue<string>(),
                OccurredAt = DateTimeOffset.TryParse(occurred, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out DateTimeOffset at) ? at : null,
            };
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}

/// <summary>The host-neutral handling of an inbound PagerDuty v3 webhook request.</summary>
public static class PagerDutyInbound
{
    /// <summary>
    /// 401 for a missing or wrong signature (PagerDuty stops after repeated failures and the operator
    /// sees it); otherwise 200, also when we refuse the change (already acknowledged, closed), so
    /// PagerDuty does not retry for 48 h. <paramref name="apply"/> acknowledges or resolves here.
    /// </summary>
    /// <summary>How far from now an event's <c>occurred_at</c> may be; a signed body replayed later is refused.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static async Task<(int Status, string Message)> HandleAsync(string body, string? signature, string? secrets, DateTimeOffset now,
        Func<PagerDutyAnswer, Task<bool>> firstTime, Func<PagerDutyAnswer, Task<int>> apply)
    {
        ArgumentNullException.ThrowIfNull(firstTime);
        ArgumentNullException.ThrowIfNull(apply);
        if (!PagerDutyWebhook.Verify(secrets, body, signature))
        {
            return (401, "missing or invalid X-PagerDuty-Signature");
        }

        if (PagerDutyWebhook.Read(body) is not { } answer)
        {
            return (200, "ignored: not an acknowledgement or resolution of an EcsRtma incident");
        }

        // A valid signature says who wrote the body, not when it was sent: refuse old and repeated events.
        if (answer.OccurredAt is not { } at || (now - at).Duration() > Tolerance || string.IsNullOrEmpty(answer.EventId))
        {
            return (400, "refused: the event has no id or occurred_at, or occurred more than 5 minutes from now (a replay?)");
        }

        if (!await firstTime(answer))
        {
            return (200, "ignored: this event was already handled");
        }

        int status = await apply(answer);
        return (200, $"{answer.Action} {answer.AlertId}: {status}");
    }
}
