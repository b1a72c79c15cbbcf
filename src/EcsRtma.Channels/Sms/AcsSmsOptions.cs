using System.ComponentModel.DataAnnotations;

namespace EcsRtma.Channels.Sms;

/// <summary>SMS through Azure Communication Services. Section <c>Channels:Sms</c>.</summary>
public sealed class AcsSmsOptions
{
    public const string SectionName = "Channels:Sms";

    /// <summary>The resource endpoint, e.g. https://contoso.communication.azure.com.</summary>
    [Required]
    public Uri Endpoint { get; set; } = null!;

    /// <summary>Base64 access key for HMAC-SHA256 request signing. A Key Vault reference in Azure.</summary>
    [Required]
    public string AccessKey { get; set; } = string.Empty;

    /// <summary>The sending number owned by the resource, E.164.</summary>
    [Required]
    [RegularExpression(@"^\+[1-9]\d{6,14}$", ErrorMessage = "Channels:Sms:From must be an E.164 number such as +18005550100")]
    public string From { get; set; } = string.Empty;

    public string ApiVersion { get; set; } = "2021-03-07";
}
