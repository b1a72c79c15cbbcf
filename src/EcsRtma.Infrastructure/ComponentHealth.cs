namespace EcsRtma.Infrastructure;

/// <summary>One dependency's health.</summary>
public sealed record ComponentHealth(string Name, bool Healthy, string Detail);
