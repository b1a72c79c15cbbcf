namespace EcsRtma.Workflow.Contracts;

/// <summary>
/// What one attempt of <see cref="Activities.DeliverNotification"/> did, for the orchestration that owns
/// the delivery: delivered; refused for good (a 4xx other than 408/429, a misconfiguration: not retried);
/// or not now (the channel is down, slow, throttling or its circuit is open: retried, waiting at least
/// <see cref="RetryAfter"/>). Stored in history: bounded text only.
/// </summary>
public sealed record DeliveryAttempt(bool Delivered, string? Error = null, bool Refused = false, TimeSpan? RetryAfter = null)
{
    public static DeliveryAttempt Success { get; } = new(true);
}
