using System.Diagnostics;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Detection;
using EcsRtma.Core.Events;
using EcsRtma.Core.Ports;
using EcsRtma.Workflow.Orchestrations;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcsRtma.Workflow.Drain;

/// <summary>
/// Drains the change queue: receive a batch, parse each message, start one orchestration per
/// CloudTrail event (instance id derived from the event id), and delete a message only once its
/// orchestration is durably started or found already started. A message that cannot be
/// understood is recorded with the reason and left on the queue, so SQS's redrive policy moves
/// it to the dead-letter queue; it never stops the drain.
/// The Durable Task client is passed per run: Azure Functions binds it per invocation.
/// </summary>
public sealed partial class ChangeQueueDrainer(
    IChangeQueueClient queue,
    IAlertStore store,
    IOptions<DrainOptions> drainOptions,
    IOptions<EscalationOptions> escalationOptions,
    TimeProvider time,
    ILogger<ChangeQueueDrainer> logger)
{
    private const int BatchSize = 10;

    private static readonly OrchestrationRuntimeStatus[] DedupeStatuses =
    [
        OrchestrationRuntimeStatus.Pending,
        OrchestrationRuntimeStatus.Running,
        OrchestrationRuntimeStatus.Suspended,
        OrchestrationRuntimeStatus.Completed,
        OrchestrationRuntimeStatus.Failed,
        OrchestrationRuntimeStatus.Terminated,
    ];

    private enum Disposition
    {
        Started,
        Duplicate,
        Rejected,
        Failed,
    }

    public async Task<DrainReport> DrainAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        DrainOptions options = drainOptions.Value;
        EscalationPlan plan = escalationOptions.Value.ToPlan();
        DeliveryRetry retry = escalationOptions.Value.ToRetry();
        var clock = Stopwatch.StartNew();
        int received = 0, started = 0, duplicates = 0, rejected = 0, deleted = 0, failed = 0, receiveCalls = 0, deleteCalls = 0;

        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan remaining = options.MaxRunDuration - clock.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            TimeSpan wait = remaining < options.ReceiveWait ? remaining : options.ReceiveWait;
            IReadOnlyList<QueueMessage> batch;
            try
            {
                receiveCalls++;
                batch = await queue.ReceiveAsync(BatchSize, TimeSpan.FromSeconds(Math.Floor(wait.TotalSeconds)), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            if (batch.Count == 0)
            {
                if (options.StopWhenEmpty)
                {
                    break;
                }

                continue;
            }

            received += batch.Count;
            Disposition[] outcomes = await Task.WhenAll(batch.Select(m => HandleAsync(client, m, plan, retry, cancellationToken)));
            var toDelete = new List<QueueMessage>(batch.Count);
            for (int i = 0; i < batch.Count; i++)
            {
                switch (outcomes[i])
                {
                    case Disposition.Started: started++; toDelete.Add(batch[i]); break;
                    case Disposition.Duplicate: duplicates++; toDelete.Add(batch[i]); break;
                    case Disposition.Rejected: rejected++; break;
                    default: failed++; break;
                }
            }

            if (toDelete.Count > 0)
            {
                deleteCalls++;
                IReadOnlyList<string> notDeleted = await queue.DeleteAsync(toDelete, CancellationToken.None);
                deleted += toDelete.Count - notDeleted.Count;
                if (notDeleted.Count > 0)
                {
                    // Safe: the message reappears and is recognised as a duplicate by its instance id.
                    LogDeleteFailed(logger, notDeleted.Count, queue.Name);
                }
            }
        }

        var report = new DrainReport(received, started, duplicates, rejected, deleted, failed, receiveCalls, deleteCalls, clock.Elapsed);
        LogRun(logger, queue.Name, report.Received, report.Started, report.Duplicates, report.Rejected, report.Deleted, report.Failed, report.ReceiveCalls + report.DeleteCalls, report.Duration.TotalMilliseconds);
        return report;
    }

    /// <summary>Handles one message in isolation: nothing it does can stop the rest of the batch.</summary>
    private async Task<Disposition> HandleAsync(DurableTaskClient client, QueueMessage message, EscalationPlan plan, DeliveryRetry retry, CancellationToken cancellationToken)
    {
        try
        {
            ParseResult parsed = CloudTrailParser.Parse(message.Body);
            if (!parsed.IsSuccess)
            {
                return await RejectAsync(message, parsed.Error!, cancellationToken);
            }

            CloudTrailEvent change = parsed.Event!;
            if (!string.Equals(change.EventSource, ChangeClassifier.EcsEventSource, StringComparison.Ordinal))
            {
                return await RejectAsync(message, $"not an ECS event: eventSource is '{change.EventSource}' (check the EventBridge rule's pattern)", cancellationToken);
            }

            string instanceId = InstanceIds.ForEvent(change.EventId);
            if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is not null)
            {
                LogDuplicate(logger, change.EventId, instanceId, message.MessageId);
                return Disposition.Duplicate;
            }

            try
            {
                var startOptions = new StartOrchestrationOptions(instanceId).WithDedupeStatuses(DedupeStatuses);
                await client.ScheduleNewOrchestrationInstanceAsync(nameof(ChangeOrchestration), new ChangeInput(change, plan, retry), startOptions, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A concurrent drain may have started it between our check and our start.
                if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is not null)
                {
                    LogDuplicate(logger, change.EventId, instanceId, message.MessageId);
                    return Disposition.Duplicate;
                }

                throw;
            }

            LogStarted(logger, change.EventId, change.EventName, instanceId, message.MessageId);
            return Disposition.Started;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Left on the queue: it becomes visible again and is retried, then dead-lettered by redrive.
            LogHandleFailed(logger, ex, message.MessageId, message.ReceiveCount);
            return Disposition.Failed;
        }
    }

    private async Task<Disposition> RejectAsync(QueueMessage message, string reason, CancellationToken cancellationToken)
    {
        LogRejected(logger, message.MessageId, message.ReceiveCount, reason);
        string preview = message.Body.Length <= 512 ? message.Body : message.Body[..512];
        await store.RecordRejectedAsync(new RejectedMessage(message.MessageId, time.GetUtcNow(), reason, message.ReceiveCount, preview, queue.Name), cancellationToken);
        return Disposition.Rejected;
    }

    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Drain of {Queue}: received {Received}, started {Started}, duplicates {Duplicates}, rejected {Rejected}, deleted {Deleted}, failed {Failed}, SQS calls {SqsCalls}, {DurationMs} ms")]
    private static partial void LogRun(ILogger logger, string queue, int received, int started, int duplicates, int rejected, int deleted, int failed, int sqsCalls, double durationMs);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Started {InstanceId} for CloudTrail event {EventId} ({EventName}), SQS message {MessageId}")]
    private static partial void LogStarted(ILogger logger, string eventId, string eventName, string instanceId, string messageId);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Duplicate delivery of CloudTrail event {EventId}: {InstanceId} already exists; SQS message {MessageId} deleted")]
    private static partial void LogDuplicate(ILogger logger, string eventId, string instanceId, string messageId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Rejected SQS message {MessageId} (receive {ReceiveCount}): {Reason}; left for the dead-letter queue")]
    private static partial void LogRejected(ILogger logger, string messageId, int receiveCount, string reason);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "Could not handle SQS message {MessageId} (receive {ReceiveCount}); it stays on the queue")]
    private static partial void LogHandleFailed(ILogger logger, Exception exception, string messageId, int receiveCount);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "{Count} messages could not be deleted from {Queue}; they will be seen again as duplicates")]
    private static partial void LogDeleteFailed(ILogger logger, int count, string queue);
}
