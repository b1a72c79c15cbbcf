using EcsRtma.Core.Alerts;
using EcsRtma.Core.Detection;
using EcsRtma.Core.Events;

namespace EcsRtma.Workflow.Orchestrations;

/// <summary>Input of one change orchestration. Stored in history: only ever add optional members.</summary>
public sealed record ChangeInput(CloudTrailEvent Change, EscalationPlan Plan, DeliveryRetry Retry);

/// <summary>How delivery activities are retried (durable backoff) before a failure is recorded.</summary>
public sealed record DeliveryRetry(int MaxAttempts, TimeSpan FirstInterval, double BackoffCoefficient = 2.0)
{
    public static DeliveryRetry Default { get; } = new(4, TimeSpan.FromSeconds(5));
}

/// <summary>What the orchestration ends with.</summary>
public sealed record ChangeResult(string EventId, Outcome Outcome, string? AlertId, AlertStatus? Status, int TierReached, string? AcknowledgedBy);

/// <summary>Custom status while escalating: which tier, and until when it waits.</summary>
public sealed record EscalationStatus(string AlertId, int Tier, DateTime DeadlineUtc);

public sealed record RecordChangeInput(CloudTrailEvent Change, Verdict Verdict, string AlertId);

public sealed record DeliverInput(string AlertId, int Tier, string Channel, Verdict Verdict, DateTimeOffset EventTime, DateTimeOffset Deadline);

public sealed record TimelineInput(string AlertId, TimelineEntry Entry, int? TierReached = null);

public sealed record CloseAlertInput(string AlertId, AlertStatus Status, int TierReached, Acknowledgement? Acknowledgement, DateTimeOffset At);
