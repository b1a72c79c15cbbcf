namespace EcsRtma.Core.Escalation;

/// <summary>
/// The ladder resolved for one alert (policy and route chosen, quiet hours applied). It is
/// computed once by an activity and kept in the orchestration history.
/// </summary>
public sealed record EscalationPlan(IReadOnlyList<EscalationTier> Tiers)
{
    public string Policy { get; init; } = "default";

    public string? Route { get; init; }

    /// <summary>How many more times the whole ladder is walked after the first pass.</summary>
    public int Repeat { get; init; }

    /// <summary>Channels notified when the ladder is exhausted (a ticket or incident); the alert is then unacknowledged.</summary>
    public IReadOnlyList<string> OnExhausted { get; init; } = [];

    /// <summary>Quiet hours: notification starts at this time instead of at once.</summary>
    public DateTimeOffset? DeferUntil { get; init; }

    public TimeSpan AutoCloseAfter { get; init; } = TimeSpan.FromDays(3);
}
