namespace EcsRtma.Workflow.Contracts;

/// <summary>How delivery activities are retried (durable backoff) before a failure is recorded.</summary>
public sealed record DeliveryRetry(int MaxAttempts, TimeSpan FirstInterval, double BackoffCoefficient = 2.0)
{
    public static DeliveryRetry Default { get; } = new(4, TimeSpan.FromSeconds(5));
}
