using System.ComponentModel.DataAnnotations;

namespace EcsRtma.Channels.Webhook;

/// <summary>Signed generic webhook. Section <c>Channels:Webhook</c>.</summary>
public sealed class WebhookChannelOptions
{
    public const string SectionName = "Channels:Webhook";

    /// <summary>Where alerts are POSTed.</summary>
    [Required]
    public Uri Url { get; set; } = null!;

    /// <summary>Standard Webhooks secret: "whsec_" + base64 of 24–64 random bytes. A Key Vault reference in Azure.</summary>
    [Required]
    [RegularExpression("^whsec_[A-Za-z0-9+/=]{32,}$", ErrorMessage = "Channels:Webhook:Secret must be 'whsec_' followed by base64 of at least 24 bytes")]
    public string Secret { get; set; } = string.Empty;

    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);
}
