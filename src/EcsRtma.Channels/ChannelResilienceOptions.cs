using System.ComponentModel.DataAnnotations;

namespace EcsRtma.Channels;

/// <summary>How every channel's HTTP client rides out rate limits and outages (section <c>Channels:Resilience</c>).</summary>
public sealed class ChannelResilienceOptions
{
    public const string SectionName = "Channels:Resilience";

    /// <summary>Retries within one delivery attempt (429 honouring Retry-After, 5xx, timeouts, network), with jittered exponential backoff.</summary>
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>All attempts together; past it the delivery fails and the workflow's durable retry takes over.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>
    /// Stop calling a vendor that cannot be reached for this long. An open circuit is "not now" to the
    /// owner of a delivery, which tries again; short, because a pending notification goes out no sooner
    /// than the circuit lets a call through after the vendor answers again (ADR 0016).
    /// </summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}
