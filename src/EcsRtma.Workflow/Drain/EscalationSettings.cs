using EcsRtma.Core.Alerts;
using EcsRtma.Workflow.Orchestrations;

namespace EcsRtma.Workflow.Drain;

/// <summary>Escalation configuration (section <c>Escalation</c>), turned into the plan each orchestration carries.</summary>
public sealed class EscalationOptions
{
    public const string SectionName = "Escalation";

    public List<TierOptions> Tiers { get; set; } = [];

    /// <summary>Attempts per channel delivery before the failure is recorded.</summary>
    public int DeliveryAttempts { get; set; } = DeliveryRetry.Default.MaxAttempts;

    public TimeSpan DeliveryFirstRetryInterval { get; set; } = DeliveryRetry.Default.FirstInterval;

    public sealed class TierOptions
    {
        public List<string> Channels { get; set; } = [];

        public TimeSpan AckTimeout { get; set; } = TimeSpan.FromMinutes(15);
    }

    /// <summary>The plan, validated; the default is two webhook tiers of 15 and 30 minutes.</summary>
    public EscalationPlan ToPlan()
    {
        List<TierOptions> tiers = Tiers.Count > 0
            ? Tiers
            : [new TierOptions { Channels = ["webhook"], AckTimeout = TimeSpan.FromMinutes(15) }, new TierOptions { Channels = ["webhook"], AckTimeout = TimeSpan.FromMinutes(30) }];
        var plan = new EscalationPlan([.. tiers.Select((t, i) => new EscalationTier(i + 1, [.. t.Channels], t.AckTimeout))]);
        plan.Validate();
        return plan;
    }

    public DeliveryRetry ToRetry() => new(DeliveryAttempts, DeliveryFirstRetryInterval);
}
