namespace EcsRtma.Infrastructure;

/// <summary>
/// The app's health: Table Storage and the SQS queue reachable (else unhealthy, 503), and every channel
/// answering (else degraded, still 200: alerts are recorded and held, not lost). <see cref="Status"/> is
/// "healthy", "degraded" or "unhealthy".
/// </summary>
public sealed record HealthReport(bool Healthy, IReadOnlyList<ComponentHealth> Components)
{
    public string Status { get; init; } = Healthy ? "healthy" : "unhealthy";

    /// <summary>Channels that have failed every attempt for <c>Channels:OutageAfter</c> or longer: name, since when, last error.</summary>
    public IReadOnlyList<ChannelOutage> ChannelsDown { get; init; } = [];
}
