namespace EcsRtma.Channels.PagerDuty;

/// <summary>What an inbound PagerDuty v3 webhook asks of us.</summary>
public sealed record PagerDutyAnswer(string AlertId, string Action, string By)
{
    /// <summary>PagerDuty's id of the webhook event (single use here).</summary>
    public string? EventId { get; init; }

    /// <summary>When the event occurred (<c>event.occurred_at</c>); a signed body much older than this is a replay.</summary>
    public DateTimeOffset? OccurredAt { get; init; }
}
