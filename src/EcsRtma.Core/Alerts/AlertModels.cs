using EcsRtma.Core.Detection;

namespace EcsRtma.Core.Alerts;

/// <summary>Where an alert stands.</summary>
public enum AlertStatus
{
    Open,
    Acknowledged,
    Unacknowledged,
    Resolved,
}

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

    /// <summary>Bumped by every update; keeps the listing index from going back in time when two writers meet.</summary>
    public long Version { get; init; }

    public bool IsClosed => ClosedAt is not null;
}

/// <summary>A change as listed with its alert or in the changes listing (including suppressed and ignored changes).</summary>
public sealed record ChangeSummary
{
    public required string EventId { get; init; }

    /// <summary>The key of the whole event id (see <c>EventKeys</c>); what the change's rows are keyed by.</summary>
    public string? EventKey { get; init; }
    public required string EventName { get; init; }
    public required DateTimeOffset EventTime { get; init; }
    public required Outcome Outcome { get; init; }
    public Severity? Severity { get; init; }
    public required string Title { get; init; }
    public string? ActorName { get; init; }
    public string? ActorArn { get; init; }
    public string? AccountId { get; init; }
    public string? Region { get; init; }
    public string? Cluster { get; init; }
    public string? SuppressedBy { get; init; }
    public string? AlertId { get; init; }
    public IReadOnlyList<string> Reasons { get; init; } = [];

    public static ChangeSummary From(Verdict verdict, DateTimeOffset eventTime, string? alertId)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return new()
        {
            EventId = verdict.EventId,
            EventKey = verdict.EventKey,
            EventName = verdict.EventName,
            EventTime = eventTime,
            Outcome = verdict.Outcome,
            Severity = verdict.Severity,
            Title = verdict.Title,
            ActorName = verdict.Actor.DisplayName,
            ActorArn = verdict.Actor.Arn,
            AccountId = verdict.AccountId,
            Region = verdict.Region,
            Cluster = verdict.Cluster,
            SuppressedBy = verdict.SuppressedBy,
            AlertId = alertId,
            Reasons = verdict.Reasons,
        };
    }
}

/// <summary>
/// The open thread a burst joins: changes by the same principal on the same cluster within the
/// grouping window. <see cref="ETag"/> is the store's concurrency token (null for a new group).
/// </summary>
public sealed record AlertGroup(string Key, string AlertId, DateTimeOffset StartedAt, Severity Severity, string? ETag = null);

/// <summary>One delivery of a notification (tier, channel, recipient): attempts, last result, and the vendor's reference for later updates.</summary>
public sealed record DeliveryRecord(string AlertId, int Tier, string Channel, string Recipient, int Attempts, string LastResult, DateTimeOffset At, string? ExternalRef = null)
{
    /// <summary>Which pass over the ladder (a policy with repeats walks it more than once).</summary>
    public int Round { get; init; } = 1;

    /// <summary>When the first attempt was made.</summary>
    public DateTimeOffset? FirstAttemptAt { get; init; }
}

/// <summary>Filters for listing alerts; every filter is optional. Newest first.</summary>
public sealed record AlertQuery
{
    public AlertStatus? Status { get; init; }
    public Severity? MinSeverity { get; init; }
    public string? AccountId { get; init; }
    public string? Cluster { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public int Limit { get; init; } = 50;
    public string? Continuation { get; init; }
}

/// <summary>Filters for listing changes (alerted, suppressed and ignored); every filter is optional. Newest first.</summary>
public sealed record ChangeQuery
{
    public Outcome? Outcome { get; init; }
    public string? AccountId { get; init; }
    public string? Cluster { get; init; }
    public string? EventName { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public int Limit { get; init; } = 50;
    public string? Continuation { get; init; }
}

/// <summary>One page of a listing; pass <see cref="Continuation"/> back for the next page (null when there is none).</summary>
public sealed record Listing<T>(IReadOnlyList<T> Items, string? Continuation);

/// <summary>Kinds of entries on an alert's timeline.</summary>
public static class TimelineKinds
{
    public const string Opened = "opened";
    public const string Notified = "notified";
    public const string DeliveryFailed = "delivery-failed";
    public const string Fallback = "fallback";
    public const string Escalated = "escalated";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";
    public const string Exhausted = "exhausted";
    public const string Closed = "closed";
    public const string Deferred = "deferred";
    public const string Joined = "joined";
    public const string Reflected = "reflected";
    public const string TokenRefused = "token-refused";
    public const string ProcessingFailed = "processing-failed";
}

/// <summary>One thing that happened to an alert.</summary>
public sealed record TimelineEntry(DateTimeOffset At, string Kind, string Message, int? Tier = null, string? Channel = null, string? Actor = null);

/// <summary>A human answer: raised as the orchestration's "Acknowledged" event (stops escalation) or "Resolved" event (closes the alert).</summary>
public sealed record Acknowledgement(string By, DateTimeOffset At, string? Comment = null, string Via = "link");

/// <summary>An SQS message that could not be turned into a change, kept for the DLQ investigation.</summary>
public sealed record RejectedMessage(string MessageId, DateTimeOffset ReceivedAt, string Reason, int ReceiveCount, string BodyPreview, string Source);
