namespace EcsRtma.Workflow.Contracts;

/// <summary>
/// How a delivery is retried with durable backoff. A delivery is owned until it is delivered, refused
/// for good, or its alert is answered or closed (ADR 0016): <see cref="MaxAttempts"/> no longer ends it —
/// after that many failed attempts the tier's fallback channels are tried as well, while the channel
/// itself keeps being retried. Storage activities use the same numbers as a plain retry policy.
/// </summary>
public sealed record DeliveryRetry(int MaxAttempts, TimeSpan FirstInterval, double BackoffCoefficient = 2.0)
{
    public static DeliveryRetry Default { get; } = new(4, TimeSpan.FromSeconds(5));

    /// <summary>
    /// The longest wait between two attempts of one delivery (before jitter; a receiver's
    /// <c>Retry-After</c> can ask for longer). Bounds how late a pending notification goes out after its
    /// channel answers again. Stored in history: added later, so it has a default.
    /// </summary>
    public TimeSpan MaxInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// After a delivery has been pending this long, its attempts are spaced by <see cref="LongOutageInterval"/>
    /// instead: a day-long outage must not grow an orchestration's history by thousands of attempts.
    /// </summary>
    public TimeSpan LongOutageAfter { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The wait between attempts of a delivery pending for longer than <see cref="LongOutageAfter"/>.</summary>
    public TimeSpan LongOutageInterval { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The most attempts one delivery makes before it is given up on (<see cref="Core.Limits.MaxDeliveryAttempts"/>).</summary>
    public const int MaxOwnedAttempts = Core.Limits.MaxDeliveryAttempts;

    /// <summary>
    /// The wait before attempt <paramref name="failedAttempts"/> + 1: exponential from
    /// <see cref="FirstInterval"/>, capped at <see cref="MaxInterval"/>, jittered down by up to 20 %
    /// (<paramref name="jitter"/> in [0, 1), deterministic in an orchestration) — <see cref="LongOutageInterval"/>
    /// once the delivery has been pending for <see cref="LongOutageAfter"/> — and never shorter than
    /// the receiver's <paramref name="retryAfter"/> (itself capped at <see cref="Core.Limits.MaxRetryAfter"/>).
    /// </summary>
    public TimeSpan Delay(int failedAttempts, double jitter, TimeSpan? retryAfter = null, TimeSpan pendingFor = default)
    {
        double seconds = FirstInterval.TotalSeconds * Math.Pow(Math.Max(1.0, BackoffCoefficient), Math.Clamp(failedAttempts - 1, 0, 30));
        TimeSpan cap = pendingFor >= LongOutageAfter && LongOutageInterval > MaxInterval ? LongOutageInterval : MaxInterval;
        double capped = Math.Min(seconds, Math.Max(FirstInterval.TotalSeconds, cap.TotalSeconds));
        TimeSpan delay = TimeSpan.FromSeconds(capped * (1.0 - (0.2 * Math.Clamp(jitter, 0, 1))));
        if (retryAfter is { } asked && asked > delay)
        {
            delay = asked < Core.Limits.MaxRetryAfter ? asked : Core.Limits.MaxRetryAfter;
        }

        return delay < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : delay;
    }
}
