using EcsRtma.Channels.Rendering;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;

namespace EcsRtma.Channels.Sms;

/// <summary>The SMS text: one short line of what happened and the acknowledge link (untrusted parts cleaned and defanged).</summary>
public static class SmsText
{
    /// <summary>Text before the link stays within one GSM-7 segment's worth of characters.</summary>
    public const int MaxSummary = 120;

    /// <summary>The recipient's mobile number; a recipient without one is a permanent failure of this copy (the others still go).</summary>
    public static string PhoneOf(AlertNotification notification, string channel)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return notification.Person?.Phone
            ?? throw new PermanentDeliveryException(channel, 0, $"recipient '{notification.Person?.Name ?? notification.Recipient}' has no mobile number");
    }

    public static string For(AlertContent c)
    {
        ArgumentNullException.ThrowIfNull(c);
        string cluster = c.Facts.FirstOrDefault(f => f.Label == "Cluster").Value ?? c.Facts.FirstOrDefault(f => f.Label == "Account").Value ?? string.Empty;
        string summary = SafeText.Truncate($"EcsRtma {c.SeverityLabel.ToUpperInvariant()}: {SafeText.Plain(c.Action, 40)} by {SafeText.Plain(c.Actor, 40)} on {SafeText.Plain(cluster, 40)}", MaxSummary);
        return $"{summary}. Ack: {c.AcknowledgeUrl}";
    }
}
