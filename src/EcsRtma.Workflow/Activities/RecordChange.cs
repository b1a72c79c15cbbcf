using EcsRtma.Core.Alerts;
using EcsRtma.Core.Detection;
using EcsRtma.Core.Ports;
using EcsRtma.Workflow.Orchestrations;
using Microsoft.DurableTask;

namespace EcsRtma.Workflow.Activities;

/// <summary>Records the change and its verdict, and opens the alert when the verdict is an alert. Idempotent.</summary>
public sealed class RecordChange(IAlertStore store, TimeProvider time, Drain.EcsRtmaMetrics metrics) : TaskActivity<RecordChangeInput, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, RecordChangeInput input) => ExecuteAsync(input);

    public async Task<bool> ExecuteAsync(RecordChangeInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        Verdict verdict = input.Verdict;
        await store.RecordChangeAsync(input.Change, verdict, cancellationToken);
        if (verdict.Outcome != Outcome.Alert)
        {
            return false;
        }

        DateTimeOffset now = time.GetUtcNow();
        await store.OpenAlertAsync(new AlertRecord
        {
            AlertId = input.AlertId,
            EventId = verdict.EventId,
            EventName = verdict.EventName,
            Title = verdict.Title,
            Severity = verdict.Severity ?? Severity.Info,
            Status = AlertStatus.Open,
            CreatedAt = now,
            EventTime = input.Change.EventTime,
            ActorName = verdict.Actor.DisplayName,
            AccountId = verdict.AccountId,
            Region = verdict.Region,
            Cluster = verdict.Cluster,
        }, cancellationToken);
        await store.AppendTimelineAsync(input.AlertId, new TimelineEntry(now, TimelineKinds.Opened, string.Join("; ", verdict.Reasons)), cancellationToken);
        metrics.Alerts.Add(1, new KeyValuePair<string, object?>("severity", (verdict.Severity ?? Severity.Info).ToString()));
        return true;
    }
}
