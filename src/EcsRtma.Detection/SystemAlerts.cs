using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;
using EcsRtma.Core.Text;
using EcsRtma.Detection.Inspectors;

namespace EcsRtma.Detection;

/// <summary>
/// Verdicts EcsRtma raises about itself rather than about one ECS call (ADR 0016): a different record
/// under an eventID already recorded (only a forger can do that), and a channel that has failed every
/// attempt for <c>Channels:OutageAfter</c>. Both alert and escalate like any other alert.
/// </summary>
public static class SystemAlerts
{
    public const string CollisionFindingId = "event-id-collision";

    public const string ChannelUnreachableFindingId = "channel-unreachable";

    /// <summary>The eventSource of the changes EcsRtma records about itself.</summary>
    public const string EventSource = "ecsrtma";

    public const string ChannelUnreachableEventName = "ChannelUnreachable";

    /// <summary>The second, different record under an eventID: its own verdict, at least High, saying what happened first.</summary>
    public static Verdict Collision(CloudTrailEvent change, Verdict own, string firstHash)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(own);
        string reason = $"two different records share one eventID ({UntrustedText.Clean(change.EventId, 80)}): content {UntrustedText.Clean(firstHash, 40)} was recorded first, this one is {change.ContentHash}; CloudTrail's ids are unique, so one of them is forged";
        Severity severity = own.Severity is { } s && s > Severity.High ? s : Severity.High;
        return VerdictBounds.Apply(own with
        {
            Outcome = Outcome.Alert,
            Severity = severity,
            Title = $"{severity}: two different records share eventID {UntrustedText.Clean(change.EventId, 40)} ({change.EventName})",
            Reasons = [reason, .. own.Reasons.Take(10)],
            Findings = [new Finding(CollisionFindingId, severity, null, null, reason), .. own.Findings.Take(10)],
            SuppressedBy = null,
        });
    }

    /// <summary>The change and verdict of "channel X unreachable since T" (a record EcsRtma writes about itself; no AWS call behind it).</summary>
    public static (CloudTrailEvent Change, Verdict Verdict) ChannelUnreachable(string channel, DateTimeOffset since, string? lastError)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        string name = UntrustedText.Clean(channel, 60);
        string id = $"ecsrtma-channel-{name}-{since.UtcDateTime:yyyyMMddTHHmmssZ}";
        var change = new CloudTrailEvent
        {
            EventId = id,
            EventKey = EventKeys.For(id),
            EventName = ChannelUnreachableEventName,
            EventSource = EventSource,
            EventTime = since,
            UserIdentity = new UserIdentity { Type = "EcsRtma" },
        };
        string reason = $"channel {name} has failed every delivery attempt since {since.UtcDateTime:HH:mm:ss}Z{(lastError is null ? string.Empty : $" (last: {UntrustedText.Clean(lastError, 300)})")}; notifications over it are held and retried until it answers";
        Verdict verdict = ChangeClassifier.Build(change, ActorClassifier.Classify(change), Outcome.Alert, Severity.High, "Channel",
            [reason], [new Finding(ChannelUnreachableFindingId, Severity.High, null, null, reason)],
            [$"Check the {name} channel's endpoint and credentials; this alert closes by itself when a delivery over it succeeds."],
            $"High: channel {name} unreachable since {since.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z");
        return (change, verdict);
    }
}
