using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;
using EcsRtma.Detection;
using EcsRtma.Workflow;
using EcsRtma.Workflow.Contracts;
using EcsRtma.Workflow.Orchestrations;
using EcsRtma.Workflow.Settings;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcsRtma.Ingestion;

/// <summary>
/// Tells someone that a channel is down (ADR 0016). At the start of every drain run: a channel that has
/// failed every attempt for <see cref="ChannelOptions.OutageAfter"/> gets one "channel X unreachable"
/// alert, escalated over the other channels (never the failing one); when the channel answers again,
/// that alert is resolved. One alert per outage: the alert's id comes from the channel and the moment
/// the outage began, and the channel's row remembers it (optimistic concurrency), so several drains or
/// a redelivered run raise it once.
/// </summary>
public sealed class ChannelOutageMonitor(
    IChannelHealthStore health,
    IOptions<ChannelOptions> channelOptions,
    IOptions<EscalationOptions> escalationOptions,
    TimeProvider time,
    ILogger<ChannelOutageMonitor> logger,
    IEnumerable<IAlertChannel>? configured = null)
{
    /// <summary>A channel's last failure must be this recent for an outage to be raised (pending deliveries retry far more often).</summary>
    private static readonly TimeSpan StillTried = TimeSpan.FromMinutes(10);

    /// <returns>How many outage alerts were raised (positive) in this run.</returns>
    public async Task<int> CheckAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        int raised = 0;
        try
        {
            DateTimeOffset now = time.GetUtcNow();
            foreach (ChannelState state in await health.GetChannelStatesAsync(cancellationToken))
            {
                // Failing for OutageAfter, and still being tried (a channel nobody has tried for a while is not known to be down).
                if (state.FailingSince is { } since && now - since >= channelOptions.Value.OutageAfter && state.OutageAlertId is null
                    && state.LastFailureAt is { } last && now - last <= StillTried)
                {
                    raised += await RaiseAsync(client, state, since, cancellationToken) ? 1 : 0;
                }
                else if (state.FailingSince is null && state.OutageAlertId is { } open)
                {
                    await CloseAsync(client, state, open, now, cancellationToken);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not fatal to the drain: the next run looks again.
            Log.OutageCheckFailed(logger, ex.GetType().Name, ex.Message);
        }

        return raised;
    }

    private async Task<bool> RaiseAsync(DurableTaskClient client, ChannelState state, DateTimeOffset since, CancellationToken cancellationToken)
    {
        (Core.Events.CloudTrailEvent change, Core.Findings.Verdict verdict) = SystemAlerts.ChannelUnreachable(state.Channel, since, state.LastError);
        string alertId = InstanceIds.For(change);

        // Claim the outage first: a second drain that loses the claim raises nothing.
        if (!await health.TrySetChannelStateAsync(state with { OutageAlertId = alertId }, cancellationToken))
        {
            return false;
        }

        var input = new ChangeInput(change, verdict, escalationOptions.Value.ToRetry())
        {
            AvoidChannels = [state.Channel],
            OtherChannels = [.. (configured ?? []).Select(c => c.Name).Where(n => !string.Equals(n, state.Channel, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase)],
        };
        var options = new StartOrchestrationOptions(alertId).WithDedupeStatuses(ChangeQueueDrainer.DedupeStatuses);
        await client.ScheduleNewOrchestrationInstanceAsync(nameof(ChangeOrchestration), input, options, cancellationToken);
        Log.OutageRaised(logger, state.Channel, since, alertId);
        return true;
    }

    private async Task CloseAsync(DurableTaskClient client, ChannelState state, string alertId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await client.GetInstanceAsync(alertId, getInputsAndOutputs: false, cancellationToken) is { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended })
        {
            string answered = state.LastAnswerAt is { } at ? $" at {at.UtcDateTime:HH:mm:ss}Z" : string.Empty;
            await client.RaiseEventAsync(alertId, EventNames.Resolved, new Acknowledgement("EcsRtma", now, $"{state.Channel} answered again{answered}", "channel-health"), cancellationToken);
        }

        if (await health.TrySetChannelStateAsync(state with { OutageAlertId = null }, cancellationToken))
        {
            Log.OutageClosed(logger, state.Channel, alertId);
        }
    }
}
