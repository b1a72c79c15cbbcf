using System.ComponentModel.DataAnnotations;

namespace EcsRtma.Channels.Graph;

/// <summary>Email through Graph sendMail. Section <c>Channels:Email</c>.</summary>
public sealed class EmailChannelOptions
{
    public const string SectionName = "Channels:Email";

    /// <summary>The mailbox alerts are sent from (UPN or object id), e.g. ecs-alerts@contoso.com.</summary>
    [Required]
    public string Sender { get; set; } = string.Empty;

    /// <summary>Keep a copy in the sender's Sent Items.</summary>
    public bool SaveToSentItems { get; set; }
}
