using EcsRtma.Core.Alerts;
using EcsRtma.Core.Detection;
using EcsRtma.Core.Escalation;
using EcsRtma.Core.Events;

namespace EcsRtma.Workflow.Orchestrations;

/// <summary>
/// Input of one change orchestration: the change as parsed, without its request parameters (the
/// detectors that need them have already run: <see cref="Create"/>), the verdict, and the delivery
/// retry policy. Nothing an attacker wrote is unbounded here, and no secret value is in it.
/// Stored in history: only ever add optional members.
/// </summary>
public sealed record ChangeInput(CloudTrailEvent Change, Verdict Verdict, DeliveryRetry Retry)
{
    /// <summary>
    /// An explicit policy snapshot. Null in production (the drain never sets it): the escalation policy
    /// is configuration, read by the activity that routes the alert. Callers that start orchestrations
    /// themselves with a policy of their own (tests) set it.
    /// </summary>
    public EscalationPolicySet? Escalation { get; init; }

    /// <summary>1 for the first run; counted up each time a failed instance is re-driven.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>
    /// Classifies the change and strips what durable state must not keep: the request parameters (where
    /// environment values and other secrets live) are read by the detectors here and never stored. A
    /// classifier that throws still yields a verdict: "could not fully process", at least High.
    /// </summary>
    public static ChangeInput Create(CloudTrailEvent change, ChangeClassifier classifier, DeliveryRetry retry)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(classifier);
        Verdict verdict;
        try
        {
            verdict = classifier.Classify(change);
        }
#pragma warning disable CA1031 // A bug in detection must not lose the change: it alerts as a processing failure.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            verdict = ProcessingFailure.Verdict(change, null, $"classification failed: {ex.GetType().Name}: {ex.Message}");
        }

        return new ChangeInput(change with { RequestParametersJson = null }, verdict, retry);
    }
}

/// <summary>How delivery activities are retried (durable backoff) before a failure is recorded.</summary>
public sealed record DeliveryRetry(int MaxAttempts, TimeSpan FirstInterval, double BackoffCoefficient = 2.0)
{
    public static DeliveryRetry Default { get; } = new(4, TimeSpan.FromSeconds(5));
}

/// <summary>What the orchestration ends with. <see cref="AlertId"/> is the group's alert when the change joined a burst.</summary>
public sealed record ChangeResult(string EventId, Outcome Outcome, string? AlertId, AlertStatus? Status, int TierReached, string? AcknowledgedBy)
{
    public bool Joined { get; init; }

    public string? ResolvedBy { get; init; }

    /// <summary>Processing failed somewhere and the change was alerted as "could not fully process" instead.</summary>
    public bool ProcessingFailed { get; init; }
}

/// <summary>Custom status: the phase (deferred, escalating, acknowledged, unacknowledged), tier, round, and until when it waits.</summary>
public sealed record EscalationStatus(string AlertId, int Tier, DateTime DeadlineUtc, string Phase = EscalationPhases.Escalating, int Round = 1);

public static class EscalationPhases
{
    public const string Deferred = "deferred";
    public const string Escalating = "escalating";
    public const string Acknowledged = "acknowledged";
    public const string Unacknowledged = "unacknowledged";
}

public sealed record RecordChangeInput(CloudTrailEvent Change, Verdict Verdict, string AlertId, EscalationPolicySet? Escalation = null);

/// <summary>A change whose processing failed: record it and open (or re-open) its alert as a processing failure.</summary>
public sealed record RecordFailureInput(CloudTrailEvent Change, Verdict Verdict, string AlertId, string Error, EscalationPolicySet? Escalation = null);

public enum OpeningKind
{
    /// <summary>The verdict is not an alert (ignored or suppressed): recorded only.</summary>
    NotAlerted,

    /// <summary>A new alert was opened; the plan says how to escalate it.</summary>
    Opened,

    /// <summary>The change joined an open burst thread (same principal, same cluster, within the window).</summary>
    Joined,
}

/// <summary>What recording a change decided.</summary>
public sealed record AlertOpening(OpeningKind Kind, string AlertId, EscalationPlan? Plan = null, int ChangeCount = 1);

public sealed record DeliverInput(string AlertId, int Tier, string Channel, Verdict Verdict, DateTimeOffset EventTime, DateTimeOffset Deadline)
{
    public IReadOnlyList<string> Recipients { get; init; } = [];

    public IReadOnlyList<string> Groups { get; init; } = [];

    public int Round { get; init; } = 1;
}

public sealed record TimelineInput(string AlertId, TimelineEntry Entry, int? TierReached = null);

/// <summary>A state transition of the alert: acknowledged, resolved, exhausted (unacknowledged), or closed as it stands.</summary>
public sealed record AlertStateInput(string AlertId, AlertStatus Status, int TierReached, DateTimeOffset At, bool Close, Acknowledgement? By = null, string? Note = null);

/// <summary>Reflect an acknowledgement or resolution in the channels that were notified.</summary>
public sealed record ReflectInput(string AlertId, AlertStatus Status, Acknowledgement By, string Title);
