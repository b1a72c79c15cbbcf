using System.Text.Json.Serialization;

namespace EcsRtma.Core.Escalation;

/// <summary>One rung: channels, recipients (inline addresses/handles or Entra ID group ids), and the acknowledgement timeout.</summary>
public sealed class EscalationTierSpec
{
    public List<string> Channels { get; set; } = [];

    /// <summary>E-mail addresses, phone numbers or handles, used by per-recipient channels (email, SMS).</summary>
    public List<string> Recipients { get; set; } = [];

    /// <summary>Entra ID group object ids, resolved to their members when the tier is notified.</summary>
    public List<string> Groups { get; set; } = [];

    /// <summary>Channels tried in order when one of <see cref="Channels"/> keeps failing, until one delivers.</summary>
    public List<string> Fallback { get; set; } = [];

    [JsonConverter(typeof(DurationConverter))]
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromMinutes(15);
}
