using System.Text.Json;
using System.Text.Json.Serialization;
using EcsRtma.Core.Alerts;

namespace EcsRtma.Channels.Webhook;

/// <summary>
/// The documented webhook body (docs/WEBHOOK.md): Standard Webhooks' <c>{type, timestamp, data}</c>.
/// Event fields are data, not markup: receivers must treat every string as untrusted text.
/// </summary>
public static class WebhookPayload
{
    public const string EventType = "ecs.config_change.alert";

    /// <summary>Event types of later state changes: <c>ecs.config_change.acknowledged</c>, <c>…resolved</c>.</summary>
    public const string StateEventTypePrefix = "ecs.config_change.";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize(AlertNotification n)
    {
        ArgumentNullException.ThrowIfNull(n);
        var body = new
        {
            type = EventType,
            timestamp = n.EventTime,
            data = new
            {
                alertId = n.AlertId,
                tier = n.Tier,
                title = n.Verdict.Title,
                severity = n.Verdict.Severity,
                eventId = n.Verdict.EventId,
                eventName = n.Verdict.EventName,
                resourceType = n.Verdict.ResourceType,
                accountId = n.Verdict.AccountId,
                region = n.Verdict.Region,
                cluster = n.Verdict.Cluster,
                actor = new { type = n.Verdict.Actor.Type, arn = n.Verdict.Actor.Arn, name = n.Verdict.Actor.DisplayName, via = n.Verdict.Actor.Via, tool = n.Verdict.Actor.Tool },
                reasons = n.Verdict.Reasons,
                acknowledgeUrl = n.AcknowledgeUrl,
                resolveUrl = n.ResolveUrl,
                boardUrl = n.BoardUrl,
                ackDeadline = n.AckDeadline,
            },
        };
        return JsonSerializer.Serialize(body, Json);
    }

    public static string Serialize(AlertStateChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var body = new
        {
            type = StateEventTypePrefix + change.Status.ToString().ToLowerInvariant(),
            timestamp = change.At,
            data = new { alertId = change.AlertId, status = change.Status, by = change.By, comment = change.Comment, title = change.Title },
        };
        return JsonSerializer.Serialize(body, Json);
    }
}
