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
    public DateTimeOffset? ClosedAt { get; init; }
}

/// <summary>Kinds of entries on an alert's timeline.</summary>
public static class TimelineKinds
{
    public const string Opened = "opened";
    public const string Notified = "notified";
    public const string DeliveryFailed = "delivery-failed";
    public const string Escalated = "escalated";
    public const string Acknowledged = "acknowledged";
    public const string Closed = "closed";
    public const string TokenRefused = "token-refused";
}

/// <summary>One thing that happened to an alert.</summary>
public sealed record TimelineEntry(DateTimeOffset At, string Kind, string Message, int? Tier = null, string? Channel = null, string? Actor = null);

/// <summary>The human answer that stops escalation. Raised as the orchestration's "Acknowledged" event.</summary>
public sealed record Acknowledgement(string By, DateTimeOffset At, string? Comment = null, string Via = "link");

/// <summary>An SQS message that could not be turned into a change, kept for the DLQ investigation.</summary>
public sealed record RejectedMessage(string MessageId, DateTimeOffset ReceivedAt, string Reason, int ReceiveCount, string BodyPreview, string Source);
