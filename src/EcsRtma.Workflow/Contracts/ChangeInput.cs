using EcsRtma.Core.Escalation;
using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;
using EcsRtma.Detection;

namespace EcsRtma.Workflow.Contracts;

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

    /// <summary>
    /// What recording the change decided, when the drain recorded it and opened its alert before
    /// starting the orchestration (the orchestration then goes straight to notifying). Null when the
    /// drain could not (or an earlier build started the instance): the orchestration records it itself.
    /// </summary>
    public AlertOpening? Opening { get; init; }

    /// <summary>
    /// The first tier's notification when the drain sent it (<c>Drain:NotifyFirstTier</c>); null when it
    /// did not (quiet hours, the option off, an earlier build): the orchestration then sends it.
    /// </summary>
    public FirstTierNotice? FirstTier { get; init; }

    /// <summary>
    /// Channels this alert must not use: a "channel unreachable" alert never goes through the channel it
    /// is about (its tiers' other channels, or their first fallback, are used). Null for every other alert.
    /// </summary>
    public IReadOnlyList<string>? AvoidChannels { get; init; }

    /// <summary>
    /// With <see cref="AvoidChannels"/>: the other configured channels, used for a tier whose own channels
    /// and fallbacks are all avoided (a ladder of one channel still tells someone that channel is down).
    /// </summary>
    public IReadOnlyList<string>? OtherChannels { get; init; }

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

        return new ChangeInput(change with { Request = null }, verdict, retry);
    }
}
