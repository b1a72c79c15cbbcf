using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;
using EcsRtma.Workflow.Contracts;
using EcsRtma.Workflow.Telemetry;
using Microsoft.DurableTask;

namespace EcsRtma.Workflow.Activities;

/// <summary>Writes a state transition of the alert (acknowledged, resolved, unacknowledged, closed) and its timeline entry.</summary>
public sealed class UpdateAlertState(IAlertStore alerts, EcsRtmaMetrics metrics) : TaskActivity<AlertStateInput, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, AlertStateInput input) => ExecuteAsync(input);

    public async Task<bool> ExecuteAsync(AlertStateInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        Acknowledgement? by = input.By;
        string comment = by?.Comment is { Length: > 0 } c ? $": {c}" : string.Empty;
        TimelineEntry entry = input.Status switch
        {
            AlertStatus.Acknowledged when by is not null => new(by.At, TimelineKinds.Acknowledged, $"acknowledged by {by.By} via {by.Via}{comment}{Note(input.Note)}", input.TierReached, Actor: by.By),
            AlertStatus.Resolved when by is not null => new(by.At, TimelineKinds.Resolved, $"resolved by {by.By} via {by.Via}{comment}", input.TierReached, Actor: by.By),
            AlertStatus.Unacknowledged when !input.Close => new(input.At, TimelineKinds.Exhausted, input.Note ?? $"escalation exhausted after tier {input.TierReached}", input.TierReached),
            _ => new(input.At, TimelineKinds.Closed, input.Note ?? $"closed as {input.Status}", input.TierReached),
        };
        DateTimeOffset? opened = null;
        bool firstAck = false;
        await alerts.UpdateAlertAsync(input.AlertId, a =>
        {
            opened = a.CreatedAt;
            firstAck = input.Status == AlertStatus.Acknowledged && a.AcknowledgedAt is null;
            return a with
            {
                Status = input.Status,
                TierReached = Math.Max(a.TierReached, input.TierReached),
                AcknowledgedBy = input.Status == AlertStatus.Acknowledged ? by?.By ?? a.AcknowledgedBy : a.AcknowledgedBy,
                AcknowledgedAt = input.Status == AlertStatus.Acknowledged ? by?.At ?? a.AcknowledgedAt : a.AcknowledgedAt,
                ResolvedBy = input.Status == AlertStatus.Resolved ? by?.By : a.ResolvedBy,
                ResolvedAt = input.Status == AlertStatus.Resolved ? by?.At ?? input.At : a.ResolvedAt,
                ClosedAt = input.Close ? input.At : a.ClosedAt,
                NextDeadline = null,
            };
        }, entry, cancellationToken: cancellationToken);
        if (firstAck && by is not null && opened is { } createdAt)
        {
            metrics.TimeToAcknowledge.Record(Math.Max(0, (by.At - createdAt).TotalSeconds));
        }

        return true;
    }

    private static string Note(string? note) => note is null ? string.Empty : $" ({note})";
}
