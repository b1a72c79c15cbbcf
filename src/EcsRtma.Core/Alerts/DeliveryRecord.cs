namespace EcsRtma.Core.Alerts;

/// <summary>One delivery of a notification (tier, channel, recipient): attempts, last result, and the vendor's reference for later updates.</summary>
public sealed record DeliveryRecord(string AlertId, int Tier, string Channel, string Recipient, int Attempts, string LastResult, DateTimeOffset At, string? ExternalRef = null)
{
    /// <summary>Which pass over the ladder (a policy with repeats walks it more than once).</summary>
    public int Round { get; init; } = 1;

    /// <summary>When the first attempt was made.</summary>
    public DateTimeOffset? FirstAttemptAt { get; init; }
}
