using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;
using EcsRtma.Workflow;
using EcsRtma.Workflow.Contracts;
using EcsRtma.Workflow.Orchestrations;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcsRtma.Ingestion;

/// <summary>
/// The second line of the accounting invariant (docs/SECURITY.md): change instances that ended Failed
/// are started again with their own input, at the start of every drain run.
/// </summary>
public sealed class FailedChangeReconciler(IRejectionLog rejections, IOptions<DrainOptions> drainOptions, TimeProvider time, ILogger<FailedChangeReconciler> logger)
{
    /// <summary>
    /// The reconciler of the accounting invariant. A change orchestration catches every failure and
    /// alerts it as a processing failure; if even that failed (storage down for longer than its retries),
    /// the instance ends Failed. Such instances (created within <see cref="DrainOptions.ReconcileWithin"/>)
    /// are started again with their own input, up to <see cref="DrainOptions.MaxAttempts"/> runs; one that
    /// still fails is recorded as a rejection (visible to operators) and logged as critical.
    /// Returns how many were re-driven.
    /// </summary>
    public async Task<int> ReconcileAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        DrainOptions options = drainOptions.Value;
        int redriven = 0;
        try
        {
            var query = new OrchestrationQuery
            {
                InstanceIdPrefix = InstanceIds.Prefix,
                Statuses = [OrchestrationRuntimeStatus.Failed],
                CreatedFrom = time.GetUtcNow() - options.ReconcileWithin,
                FetchInputsAndOutputs = true,
                PageSize = 100,
            };
            await foreach (OrchestrationMetadata failed in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
            {
                ChangeInput? input = failed.ReadInputAs<ChangeInput>();
                if (input is null || !string.Equals(failed.Name, nameof(ChangeOrchestration), StringComparison.Ordinal))
                {
                    continue;
                }

                if (input.Attempt >= options.MaxAttempts)
                {
                    await GiveUpAsync(failed, input, cancellationToken);
                    continue;
                }

                var startOptions = new StartOrchestrationOptions(failed.InstanceId).WithDedupeStatuses(ChangeQueueDrainer.DedupeStatuses);
                await client.ScheduleNewOrchestrationInstanceAsync(nameof(ChangeOrchestration), input with { Attempt = input.Attempt + 1 }, startOptions, cancellationToken);
                Log.Reconciled(logger, failed.InstanceId, input.Attempt + 1, failed.FailureDetails?.ErrorMessage ?? "unknown");
                redriven++;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not fatal to the drain: the next run looks again.
            Log.ReconcileFailed(logger, ex.GetType().Name, ex.Message);
        }

        return redriven;
    }

    private async Task GiveUpAsync(OrchestrationMetadata failed, ChangeInput input, CancellationToken cancellationToken)
    {
        string reason = $"processing of change {input.Change.EventId} ({input.Change.EventName}) failed {input.Attempt} times; last error: {failed.FailureDetails?.ErrorMessage ?? "unknown"}. "
            + $"Fix the cause, then raise Drain:MaxAttempts (the next drain run re-drives it), or restart instance {failed.InstanceId} with the Durable Functions API";
        Log.GaveUp(logger, failed.InstanceId, input.Attempt, reason);
        await rejections.RecordRejectedAsync(new RejectedMessage("instance-" + failed.InstanceId, failed.LastUpdatedAt, reason, input.Attempt, string.Empty, "reconciler"), cancellationToken);
    }
}
