using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;
using EcsRtma.Workflow.Contracts;
using Microsoft.DurableTask;

namespace EcsRtma.Workflow.Activities;

/// <summary>
/// Reflects an acknowledgement or resolution in every channel that delivered this alert and can
/// show it (Slack message updated, PagerDuty incident acknowledged, ticket commented). Each channel
/// is tried; the ones that failed make the activity throw so the orchestration retries it.
/// </summary>
public sealed class ReflectAlertState(IEnumerable<IAlertChannel> channels, IAlertStore alerts, IDeliveryLog deliveryLog, TimeProvider time) : TaskActivity<ReflectInput, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, ReflectInput input) => ExecuteAsync(input);

    public async Task<int> ExecuteAsync(ReflectInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        IReadOnlyList<DeliveryRecord> deliveries = await deliveryLog.GetDeliveriesAsync(input.AlertId, cancellationToken);
        IReadOnlyList<TimelineEntry> timeline = await alerts.GetTimelineAsync(input.AlertId, cancellationToken);
        string marker = $"{input.Status}:";
        var failures = new List<string>();
        int reflected = 0;
        foreach (IGrouping<string, DeliveryRecord> byChannel in deliveries.Where(d => d.LastResult == DeliveryResults.Delivered).GroupBy(d => d.Channel, StringComparer.OrdinalIgnoreCase))
        {
            if (channels.FirstOrDefault(c => string.Equals(c.Name, byChannel.Key, StringComparison.OrdinalIgnoreCase)) is not IAlertStateChannel stateChannel
                || timeline.Any(t => t.Kind == TimelineKinds.Reflected && t.Channel == byChannel.Key && t.Message.StartsWith(marker, StringComparison.Ordinal)))
            {
                continue; // cannot show state, or already reflected by an earlier attempt
            }

            try
            {
                foreach (string? reference in byChannel.Select(d => d.ExternalRef).Distinct())
                {
                    await stateChannel.ReflectAsync(new AlertStateChange(input.AlertId, input.Status, input.By.By, input.By.At, input.Title, input.By.Comment, reference), cancellationToken);
                }

                await alerts.AppendTimelineAsync(input.AlertId, new TimelineEntry(time.GetUtcNow(), TimelineKinds.Reflected, $"{marker} shown in {byChannel.Key}", Channel: byChannel.Key), cancellationToken);
                reflected++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures.Add($"{byChannel.Key}: {ex.Message}");
            }
        }

        return failures.Count == 0 ? reflected : throw new DeliveryFailedException("reflect", string.Join("; ", failures));
    }
}
