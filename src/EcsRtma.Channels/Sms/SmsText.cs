using EcsRtma.Channels.Rendering;

namespace EcsRtma.Channels.Sms;

/// <summary>The SMS text: one short line of what happened and the acknowledge link (untrusted parts cleaned and defanged).</summary>
public static class SmsText
{
    /// <summary>Text before the link stays within one GSM-7 segment's worth of characters.</summary>
    public const int MaxSummary = 120;

    public static string For(AlertContent c)
    {
        ArgumentNullException.ThrowIfNull(c);
        string cluster = c.Facts.FirstOrDefault(f => f.Label == "Cluster").Value ?? c.Facts.FirstOrDefault(f => f.Label == "Account").Value ?? string.Empty;
        string summary = SafeText.Truncate($"EcsRtma {c.SeverityLabel.ToUpperInvariant()}: {SafeText.Plain(c.Action, 40)} by {SafeText.Plain(c.Actor, 40)} on {SafeText.Plain(cluster, 40)}", MaxSummary);
        return $"{summary}. Ack: {c.AcknowledgeUrl}";
    }
}
