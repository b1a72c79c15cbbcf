using EcsRtma.Channels.Rendering;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;

namespace EcsRtma.Channels.Sms;

/// <summary>The SMS text: one short line of what happened and the acknowledge link (untrusted parts cleaned and defanged).</summary>
public static class SmsText
{
    /// <summary>One SMS segment (GSM-7); with a short link the whole text fits in it.</summary>
    public const int Segment = 160;

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
        string link = (c.ShortAcknowledgeUrl ?? c.AcknowledgeUrl).ToString();
        int budget = Math.Max(60, Segment - link.Length - ". Ack: ".Length);
        string summary = SafeText.Truncate($"EcsRtma {c.SeverityLabel.ToUpperInvariant()}: {SafeText.Plain(c.Action, 40)} by {SafeText.Plain(c.Actor, 40)} on {SafeText.Plain(cluster, 40)}", budget);
        return $"{summary}. Ack: {link}";
    }
}
