using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcsRtma.Channels.Rendering;

namespace EcsRtma.Channels.PagerDuty;

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
