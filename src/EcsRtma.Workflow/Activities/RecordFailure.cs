using EcsRtma.Core.Alerts;
using EcsRtma.Core.Escalation;
using EcsRtma.Core.Findings;
using EcsRtma.Core.Ports;
using EcsRtma.Workflow.Contracts;
using EcsRtma.Workflow.Telemetry;
using Microsoft.DurableTask;

namespace EcsRtma.Workflow.Activities;

/// <summary>
/// The catch-all of the accounting invariant: a change whose processing failed is recorded with its
/// failure verdict and gets an alert of its own (at least High), or — when the failure came after its
/// alert was opened — the alert is raised to that severity and the failure is put on its timeline.
/// Writes only bounded values (the verdict went through <see cref="VerdictBounds"/>), so it fits
/// storage even when the original failure was a storage limit.
/// </summary>
public sealed class RecordFailure(IChangeLog changes, IAlertStore alerts, TimeProvider time, EcsRtmaMetrics metrics, EscalationPolicySet? configured = null) : TaskActivity<RecordFailureInput, AlertOpening>
{
    public override Task<AlertOpening> RunAsync(TaskActivityContext context, RecordFailureInput input) => ExecuteAsync(input);

    public async Task<AlertOpening> ExecuteAsync(RecordFailureInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        Verdict verdict = input.Verdict;
        Severity severity = verdict.Severity ?? Severity.High;
        DateTimeOffset now = time.GetUtcNow();
        EscalationPlan plan = (input.Escalation ?? configured ?? EscalationPolicySet.Default).Resolve(verdict, now) with { DeferUntil = null };
        await changes.RecordChangeAsync(input.Change, verdict, input.AlertId, cancellationToken);
        var failed = new TimelineEntry(now, TimelineKinds.ProcessingFailed, $"processing failed, alerting as a processing failure: {input.Error}");
        AlertRecord? existing = await alerts.GetAlertAsync(input.AlertId, cancellationToken);
        if (existing is null)
        {
            await alerts.OpenAlertAsync(RecordChange.NewAlert(input.Change, verdict, input.AlertId, plan, now), ChangeSummary.From(verdict, input.Change.EventTime, input.AlertId), failed, cancellationToken);
        }
        else
        {
            await alerts.UpdateAlertAsync(input.AlertId, a => a with
            {
                Severity = a.Severity > severity ? a.Severity : severity,
                Title = verdict.Title,
                ClosedAt = null,
                Status = a.Status == AlertStatus.Resolved ? a.Status : AlertStatus.Open,
            }, failed, cancellationToken: cancellationToken);
        }

        metrics.Alerts.Add(1, new KeyValuePair<string, object?>("severity", severity.ToString()));
        return new AlertOpening(OpeningKind.Opened, input.AlertId, plan);
    }
}
