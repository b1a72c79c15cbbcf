namespace EcsRtma.Core.Ports;

/// <summary>Every queue the drain reads: the primary one and any additional ones.</summary>
public sealed record ChangeQueues(IReadOnlyList<DrainSource> All);
