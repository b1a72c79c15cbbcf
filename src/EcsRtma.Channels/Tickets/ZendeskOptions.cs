using System.ComponentModel.DataAnnotations;

namespace EcsRtma.Channels.Tickets;

/// <summary>Zendesk tickets. Section <c>Channels:Zendesk</c>.</summary>
public sealed class ZendeskOptions
{
    public const string SectionName = "Channels:Zendesk";

    /// <summary>https://{subdomain}.zendesk.com</summary>
    [Required]
    public Uri BaseUrl { get; set; } = null!;

    /// <summary>Agent e-mail for API-token auth ({email}/token:{token}).</summary>
    [Required]
    public string Email { get; set; } = string.Empty;

    /// <summary>API token. A Key Vault reference in Azure.</summary>
    [Required]
    public string ApiToken { get; set; } = string.Empty;

    public long? GroupId { get; set; }
}
