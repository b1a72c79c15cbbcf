namespace EcsRtma.Core.Alerts;

/// <summary>One rung of the ladder: who is told, over what, and how long they have to acknowledge.</summary>
public sealed record EscalationTier(int Number, IReadOnlyList<string> Channels, TimeSpan AckTimeout);

/// <summary>
/// The escalation ladder for one alert. It is resolved from configuration when the change is
/// scheduled and travels in the orchestration input, so replays never re-read configuration.
/// </summary>
public sealed record EscalationPlan(IReadOnlyList<EscalationTier> Tiers)
{
    /// <summary>Validates the plan, naming the field at fault.</summary>
    public void Validate()
    {
        if (Tiers is not { Count: > 0 })
        {
            throw new InvalidOperationException("Escalation:Tiers must list at least one tier");
        }

        for (int i = 0; i < Tiers.Count; i++)
        {
            EscalationTier tier = Tiers[i];
            if (tier.Channels is not { Count: > 0 })
            {
                throw new InvalidOperationException($"Escalation:Tiers:{i}:Channels must name at least one channel");
            }

            if (tier.AckTimeout <= TimeSpan.Zero)
            {
                throw new InvalidOperationException($"Escalation:Tiers:{i}:AckTimeout must be positive, got {tier.AckTimeout}");
            }
        }
    }
}
