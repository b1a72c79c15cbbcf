using EcsRtma.Core.Findings;

namespace EcsRtma.Workflow.Contracts;

public sealed record DeliverInput(string AlertId, int Tier, string Channel, Verdict Verdict, DateTimeOffset EventTime, DateTimeOffset Deadline)
{
    public IReadOnlyList<string> Recipients { get; init; } = [];

    public IReadOnlyList<string> Groups { get; init; } = [];

    public int Round { get; init; } = 1;
}
