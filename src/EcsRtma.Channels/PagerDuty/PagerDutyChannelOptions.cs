using System.ComponentModel.DataAnnotations;

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
