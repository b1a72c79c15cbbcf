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
                ackDeadline = n.AckDeadline,
            },
        };
        return JsonSerializer.Serialize(body, Json);
    }
}
