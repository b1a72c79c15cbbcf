using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;
using EcsRtma.Core.Text;
using EcsRtma.Detection.Inspectors;

namespace EcsRtma.Detection;

/// <summary>
/// The verdict of a change EcsRtma could not fully process (a detector or storage failed, a bug): it
/// alerts, at least High, with whatever is known, so a failure can never hide a change.
/// </summary>
public static class ProcessingFailure
{
    public const string TitlePrefix = "EcsRtma could not fully process this change";

    public const string FindingId = "processing-failed";

    public static Verdict Verdict(CloudTrailEvent change, Verdict? known, string error)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(error);
        string reason = "processing failed: " + UntrustedText.Clean(error, 500);
        Severity severity = known?.Severity is { } s && s > Severity.High ? s : Severity.High;
        string what = known is null ? $"{change.EventName} in {change.RecipientAccountId ?? "?"}/{change.AwsRegion ?? "?"}" : known.Title;
        Verdict baseVerdict = known ?? ChangeClassifier.Build(change, ActorClassifier.Classify(change), Outcome.Alert, severity, null, [], [], [], string.Empty);
        return VerdictBounds.Apply(baseVerdict with
        {
            Outcome = Outcome.Alert,
            Severity = severity,
            Title = $"{TitlePrefix}: {what}",
            Reasons = [reason, .. baseVerdict.Reasons.Take(10)],
            Findings = [new Finding(FindingId, severity, null, null, reason), .. baseVerdict.Findings.Take(10)],
            SuppressedBy = null,
        });
    }
}
