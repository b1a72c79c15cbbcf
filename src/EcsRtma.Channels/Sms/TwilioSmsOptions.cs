using System.ComponentModel.DataAnnotations;

namespace EcsRtma.Channels.Sms;

/// <summary>SMS through Twilio, the alternative to ACS. Section <c>Channels:Twilio</c>.</summary>
public sealed class TwilioSmsOptions
{
    public const string SectionName = "Channels:Twilio";

    [Required]
    [RegularExpression("^AC[0-9a-fA-F]{32}$", ErrorMessage = "Channels:Twilio:AccountSid must be AC followed by 32 hex digits")]
    public string AccountSid { get; set; } = string.Empty;

    /// <summary>Auth token, or the secret of <see cref="ApiKeySid"/>. A Key Vault reference in Azure.</summary>
    [Required]
    public string AuthToken { get; set; } = string.Empty;

    /// <summary>Optional API key SID (SK…) used as the Basic user instead of the account SID.</summary>
    public string? ApiKeySid { get; set; }

    /// <summary>Sending number (E.164), or leave empty and set <see cref="MessagingServiceSid"/>.</summary>
    public string? From { get; set; }

    public string? MessagingServiceSid { get; set; }

    public Uri BaseUrl { get; set; } = new("https://api.twilio.com");
}
