namespace EcsRtma.Infrastructure;

/// <summary>The app's health: Table Storage and the SQS queue reachable.</summary>
public sealed record HealthReport(bool Healthy, IReadOnlyList<ComponentHealth> Components);
