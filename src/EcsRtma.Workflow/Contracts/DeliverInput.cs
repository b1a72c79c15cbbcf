using EcsRtma.Core.Escalation;
using EcsRtma.Core.Findings;

namespace EcsRtma.Workflow.Contracts;

public sealed record DeliverInput(string AlertId, int Tier, string Channel, Verdict Verdict, DateTimeOffset EventTime, DateTimeOffset Deadline)
{
    public IReadOnlyList<string> Recipients { get; init; } = [];

    public IReadOnlyList<string> Groups { get; init; } = [];

    public int Round { get; init; } = 1;

    /// <summary>One tier's notification over one of its channels: the tier's recipients and groups, in a round of the ladder.</summary>
    public static DeliverInput ForTier(string alertId, EscalationTier tier, string channel, Verdict verdict, DateTimeOffset eventTime, DateTimeOffset deadline, int round)
    {
        ArgumentNullException.ThrowIfNull(tier);
        return new DeliverInput(alertId, tier.Number, channel, verdict, eventTime, deadline)
        {
            Recipients = tier.Recipients ?? [],
            Groups = tier.Groups ?? [],
            Round = round,
        };
    }
}
