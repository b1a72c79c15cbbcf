namespace EcsRtma.Load;

/// <summary>What <c>ecs-rtma load</c> runs: events, receivers, durable partitions and backend, in-memory concurrency, arrival rate (0: all up front).</summary>
public sealed record LoadOptions(int Count = 100_000, int Receivers = 8, int Partitions = 1, string Durable = "memory", int Concurrency = 100, int Rate = 0)
{
    /// <summary>With <c>--durable azurite</c>: the provider's extended sessions (history kept in memory between episodes).</summary>
    public bool ExtendedSessions { get; init; }
}
