namespace EcsRtma.Core.Ports;

/// <summary>One queue to drain, with its own receiver count when set.</summary>
public sealed record DrainSource(IChangeQueueClient Client, int? Receivers);
