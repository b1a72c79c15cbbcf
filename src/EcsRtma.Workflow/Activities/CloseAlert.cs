using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;
using EcsRtma.Workflow.Orchestrations;
using Microsoft.DurableTask;

namespace EcsRtma.Workflow.Activities;

/// <summary>Writes the alert's final state and the closing timeline entry.</summary>
public sealed class CloseAlert(IAlertStore store, Drain.EcsRtmaMetrics metrics) : TaskActivity<CloseAlertInput, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, CloseAlertInput input) => ExecuteAsync(input);

    public async Task<bool> ExecuteAsync(CloseAlertInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        Acknowledgement? ack = input.Acknowledgement;
        DateTimeOffset? opened = null;
        await store.UpdateAlertAsync(input.AlertId, a =>
        {
            opened = a.CreatedAt;
            return a with
            {
            Status = input.Status,
            TierReached = Math.Max(a.TierReached, input.TierReached),
            AcknowledgedBy = ack?.By,
            ClosedAt = input.At,
            };
        }, cancellationToken);
        if (ack is not null && opened is { } createdAt)
        {
            metrics.TimeToAcknowledge.Record(Math.Max(0, (ack.At - createdAt).TotalSeconds));
        }

        TimelineEntry entry = ack is not null
            ? new TimelineEntry(ack.At, TimelineKinds.Acknowledged, $"acknowledged by {ack.By} via {ack.Via}{(ack.Comment is null ? string.Empty : $": {ack.Comment}")}", input.TierReached, Actor: ack.By)
            : new TimelineEntry(input.At, TimelineKinds.Closed, $"escalation exhausted after tier {input.TierReached}: closed unacknowledged", input.TierReached);
        await store.AppendTimelineAsync(input.AlertId, entry, cancellationToken);
        return true;
    }
}
