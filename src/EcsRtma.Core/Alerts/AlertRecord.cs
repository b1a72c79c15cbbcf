using EcsRtma.Core.Findings;

namespace EcsRtma.Core.Alerts;

/// <summary>One alert as stored: the state an on-call engineer needs at a glance.</summary>
public sealed record AlertRecord
{
    public required string AlertId { get; init; }
    public required string EventId { get; init; }
    public required string EventName { get; init; }
    public required string Title { get; init; }
    public required Severity Severity { get; init; }
    public required AlertStatus Status { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset EventTime { get; init; }
    public int TierReached { get; init; }
    public string? ActorName { get; init; }
    public string? AccountId { get; init; }
    public string? Region { get; init; }
    public string? Cluster { get; init; }
    public string? AcknowledgedBy { get; init; }
    public DateTimeOffset? AcknowledgedAt { get; init; }
    public string? ResolvedBy { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>Set when the alert's workflow ended (resolved, or auto-closed); nothing can change it afterwards.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    public string? ActorArn { get; init; }
    public string? Service { get; init; }

    /// <summary>Why it alerted, in plain words.</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>How many changes the alert stands for (a grouped burst counts each change once).</summary>
    public int ChangeCount { get; init; } = 1;

    public string? Policy { get; init; }
    public string? Route { get; init; }

    /// <summary>The deadline of the tier being waited on, or the end of quiet hours while deferred.</summary>
    public DateTimeOffset? NextDeadline { get; init; }

    /// <summary>
    /// What has not reached anyone yet, in plain words ("tier 1 not reached yet: webhook unreachable since
    /// 10:02:13Z"); null when every delivery started so far was delivered or given up on.
    /// </summary>
    public string? Undelivered { get; init; }

    /// <summary>Bumped by every update; keeps the listing index from going back in time when two writers meet.</summary>
    public long Version { get; init; }

    public bool IsClosed => ClosedAt is not null;
}
