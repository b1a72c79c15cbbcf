using EcsRtma.Core.Ports;
using EcsRtma.Workflow.Contracts;
using EcsRtma.Workflow.Telemetry;
using Microsoft.DurableTask;

namespace EcsRtma.Workflow.Activities;

/// <summary>Adds one entry to an alert's timeline and, when given, raises the tier the alert reached and sets what has not reached anyone yet.</summary>
public sealed class AppendTimeline(IAlertStore alerts, EcsRtmaMetrics metrics) : TaskActivity<TimelineInput, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, TimelineInput input) => ExecuteAsync(input);

    public async Task<bool> ExecuteAsync(TimelineInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.TierReached is not null || input.Undelivered is not null)
        {
            string? undelivered = input.Undelivered is null ? null : Core.Text.UntrustedText.Clean(input.Undelivered, Core.Limits.UndeliveredChars);
            await alerts.UpdateAlertAsync(input.AlertId, a => a with
            {
                TierReached = Math.Max(a.TierReached, input.TierReached ?? 0),
                Undelivered = undelivered is null ? a.Undelivered : undelivered.Length == 0 ? null : undelivered,
            }, input.Entry, cancellationToken: cancellationToken);
        }
        else
        {
            await alerts.AppendTimelineAsync(input.AlertId, input.Entry, cancellationToken);
        }

        if (input.Entry.Kind == Core.Alerts.TimelineKinds.DeliveryFailed)
        {
            metrics.DeliveryFailures.Add(1, new KeyValuePair<string, object?>("channel", input.Entry.Channel));
        }
        else if (input.Entry.Kind == Core.Alerts.TimelineKinds.Undelivered && input.Entry.Channel is not null)
        {
            metrics.DeliveriesPending.Add(1, new KeyValuePair<string, object?>("channel", input.Entry.Channel));
        }

        return true;
    }
}
