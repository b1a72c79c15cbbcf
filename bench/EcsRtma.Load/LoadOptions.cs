namespace EcsRtma.Load;

/// <summary>What <c>ecs-rtma load</c> runs: events, receivers, durable partitions and backend, in-memory concurrency, arrival rate (0: all up front).</summary>
public sealed record LoadOptions(int Count = 100_000, int Receivers = 8, int Partitions = 1, string Durable = "memory", int Concurrency = 100, int Rate = 0)
{
    /// <summary>With <c>--durable azurite</c>: the provider's extended sessions (history kept in memory between episodes); null: host.json's.</summary>
    public bool? ExtendedSessions { get; init; }

    /// <summary>With <c>--durable azurite</c>: the longest wait between polls of an idle durable queue; null: host.json's.</summary>
    public TimeSpan? MaxQueuePolling { get; init; }

    /// <summary>Above zero: events are sent one at a time, each after this long with nothing sent (a quiet pipeline).</summary>
    public TimeSpan Idle { get; init; }

    /// <summary>How long each notification takes to send, as a vendor's answer would (zero: at once).</summary>
    public TimeSpan ChannelLatency { get; init; }

    /// <summary>Above zero: tier 1's acknowledgement timeout; every alert escalates during the run and the escalation's lateness is measured.</summary>
    public TimeSpan AckTimeout { get; init; }
}
