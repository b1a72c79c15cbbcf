using System.ComponentModel.DataAnnotations;

namespace EcsRtma.Core.Ports;

/// <summary>How deliveries share a channel and when a channel counts as down (section <c>Channels</c>, beside each channel's own section).</summary>
public sealed class ChannelOptions
{
    public const string SectionName = "Channels";

    /// <summary>A channel that has failed every attempt for this long is unreachable: one "channel unreachable" alert goes out over the other channels, and /api/health says degraded.</summary>
    public TimeSpan OutageAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Sends in flight at once over one channel, per app instance; more wait, most severe and oldest first (no thundering herd when a channel comes back).</summary>
    [Range(1, 256)]
    public int MaxConcurrentSends { get; set; } = 8;

    /// <summary>How long a send waits for its turn on a busy channel before its delivery is tried again later (it never holds an activity longer).</summary>
    public TimeSpan MaxSendWait { get; set; } = TimeSpan.FromSeconds(5);
}
