using System.Diagnostics;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;
using EcsRtma.Core.Ports;
using EcsRtma.Detection;
using EcsRtma.Workflow;
using EcsRtma.Workflow.Activities;
using EcsRtma.Workflow.Contracts;
using EcsRtma.Workflow.Orchestrations;
using EcsRtma.Workflow.Settings;
using EcsRtma.Workflow.Telemetry;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcsRtma.Ingestion;

/// <summary>
/// Drains the change queue: receive a batch, parse and classify each message, record it, start one
/// orchestration per alert it opens (instance id derived from the event id), and delete a message
/// only once its change is recorded and its orchestration durably started or found already started.
/// Nothing that needs no waiting becomes durable work: a change that does not alert, or joins an open
/// alert, is recorded here; an alert's orchestration starts with the alert already opened and goes
/// straight to notifying. A message that cannot be
/// understood is recorded with the reason and left on the queue, so SQS's redrive policy moves
/// it to the dead-letter queue; it never stops the drain.
/// The Durable Task client is passed per run: Azure Functions binds it per invocation.
/// </summary>
public sealed class ChangeQueueDrainer(
    IChangeQueueClient defaultQueue,
    IChangeLog changes,
    IRejectionLog rejections,
    IOptions<DrainOptions> drainOptions,
    ChangeClassifier classifier,
    RecordChange recorder,
    FirstTierNotifier firstTier,
    IOptions<EscalationOptions> escalationOptions,
    TimeProvider time,
    EcsRtmaMetrics metrics,
    FailedChangeReconciler reconciler,
    ChannelOutageMonitor outages,
    EventCollisions collisions,
    ILogger<ChangeQueueDrainer> logger)
{
    private const int BatchSize = 10;

    /// <summary>
    /// An instance in one of these states is the same change delivered again. A Failed or Terminated
    /// instance is not: its change may not have been recorded, so it is started again over the old one.
    /// </summary>
    internal static readonly OrchestrationRuntimeStatus[] DedupeStatuses =
    [
        OrchestrationRuntimeStatus.Pending,
        OrchestrationRuntimeStatus.Running,
        OrchestrationRuntimeStatus.Suspended,
        OrchestrationRuntimeStatus.Completed,
    ];

    private enum Disposition
    {
        Started,
        Recorded,
        Duplicate,
        Redriven,
        Rejected,
        Failed,
    }

    /// <summary>Drains the configured queue (<c>Sqs</c>).</summary>
    public Task<DrainReport> DrainAsync(DurableTaskClient client, CancellationToken cancellationToken) => DrainAsync(client, defaultQueue, null, cancellationToken);

    /// <summary>
    /// Every configured queue at once, each with its own receivers; the run's report adds them up.
    /// Each run first re-drives change instances that failed (<see cref="FailedChangeReconciler"/>).
    /// </summary>
    public async Task<DrainReport> DrainAllAsync(DurableTaskClient client, ChangeQueues queues, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queues);
        int reconciled = await reconciler.ReconcileAsync(client, cancellationToken);
        int outagesRaised = await outages.CheckAsync(client, cancellationToken);
        DrainReport[] reports = await Task.WhenAll(queues.All.Select(q => DrainAsync(client, q.Client, q.Receivers, cancellationToken)));
        return (reports.Length == 1 ? reports[0] : DrainReport.Sum(reports)) with { Reconciled = reconciled, OutagesRaised = outagesRaised };
    }

    /// <summary>Drains one queue; <paramref name="receivers"/> overrides Drain:Receivers for it (per-queue settings).</summary>
    public async Task<DrainReport> DrainAsync(DurableTaskClient client, IChangeQueueClient queue, int? receivers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(queue);
        DrainOptions options = drainOptions.Value;
        DeliveryRetry retry = escalationOptions.Value.ToRetry();
        var clock = Stopwatch.StartNew();
        var counts = new Counts();

        // Several receivers long-poll at once; each stops at the run's deadline (before the function's time limit).
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, receivers ?? options.Receivers))
            .Select(_ => ReceiveLoopAsync(queue, client, options, retry, clock, counts, cancellationToken)));

        var report = new DrainReport(counts.Received, counts.Started, counts.Duplicates, counts.Rejected, counts.Deleted, counts.Failed, counts.ReceiveCalls, counts.DeleteCalls, clock.Elapsed)
        {
            VisibilityCalls = counts.VisibilityCalls,
            SqsErrors = counts.Errors,
            Redriven = counts.Redriven,
            Recorded = counts.Recorded,
            FirstTierNotified = counts.FirstTierNotified,
            FirstTierDeferred = counts.FirstTierDeferred,
            Collisions = counts.Collisions,
        };
        Log.Run(logger, queue.Name, report.Received, report.Started, report.Recorded, report.Duplicates, report.Rejected, report.Deleted, report.Failed, report.ReceiveCalls + report.DeleteCalls + report.VisibilityCalls, report.Duration.TotalMilliseconds);
        return report;
    }

    private async Task ReceiveLoopAsync(IChangeQueueClient queue, DurableTaskClient client, DrainOptions options, DeliveryRetry retry, Stopwatch clock, Counts counts, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan remaining = options.MaxRunDuration - clock.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            TimeSpan wait = remaining < options.ReceiveWait ? remaining : options.ReceiveWait;
            IReadOnlyList<QueueMessage> batch;
            try
            {
                Interlocked.Increment(ref counts.ReceiveCalls);
                metrics.SqsCalls.Add(1);
                batch = await queue.ReceiveAsync(BatchSize, TimeSpan.FromSeconds(Math.Floor(wait.TotalSeconds)), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // SQS unreachable or throttling: nothing was received, so nothing is lost. Back off and try again until the deadline.
                Interlocked.Increment(ref counts.Errors);
                Log.ReceiveFailed(logger, queue.Name, ex.GetType().Name, ex.Message);
                await BackOffAsync(options, clock, cancellationToken);
                continue;
            }

            if (batch.Count == 0)
            {
                if (options.StopWhenEmpty)
                {
                    return;
                }

                continue;
            }

            Interlocked.Add(ref counts.Received, batch.Count);
            metrics.Received.Add(batch.Count);
            Disposition[] outcomes = await HandleBatchAsync(queue, client, batch, options, retry, counts, cancellationToken);
            var toDelete = new List<QueueMessage>(batch.Count);
            for (int i = 0; i < batch.Count; i++)
            {
                switch (outcomes[i])
                {
                    case Disposition.Started: Interlocked.Increment(ref counts.Started); metrics.Started.Add(1); toDelete.Add(batch[i]); break;
                    case Disposition.Recorded: Interlocked.Increment(ref counts.Recorded); metrics.Recorded.Add(1); toDelete.Add(batch[i]); break;
                    case Disposition.Duplicate: Interlocked.Increment(ref counts.Duplicates); metrics.Duplicates.Add(1); toDelete.Add(batch[i]); break;
                    case Disposition.Redriven: Interlocked.Increment(ref counts.Started); Interlocked.Increment(ref counts.Redriven); metrics.Started.Add(1); toDelete.Add(batch[i]); break;
                    case Disposition.Rejected: Interlocked.Increment(ref counts.Rejected); metrics.Rejected.Add(1); break;
                    default: Interlocked.Increment(ref counts.Failed); break;
                }
            }

            if (toDelete.Count > 0)
            {
                Interlocked.Increment(ref counts.DeleteCalls);
                metrics.SqsCalls.Add(1);
                IReadOnlyList<string> notDeleted;
                try
                {
                    notDeleted = await queue.DeleteAsync(toDelete, CancellationToken.None);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The changes are durably started; their messages reappear after the visibility timeout and are recognised as duplicates.
                    Interlocked.Increment(ref counts.Errors);
                    Log.DeleteError(logger, toDelete.Count, queue.Name, ex.Message);
                    notDeleted = [.. toDelete.Select(m => m.MessageId)];
                }

                Interlocked.Add(ref counts.Deleted, toDelete.Count - notDeleted.Count);
                metrics.Deleted.Add(toDelete.Count - notDeleted.Count);
                if (notDeleted.Count > 0)
                {
                    // Safe: the message reappears and is recognised as a duplicate by its instance id.
                    Log.DeleteFailed(logger, notDeleted.Count, queue.Name);
                }
            }
        }
    }

    private static async Task BackOffAsync(DrainOptions options, Stopwatch clock, CancellationToken cancellationToken)
    {
        TimeSpan remaining = options.MaxRunDuration - clock.Elapsed;
        TimeSpan pause = remaining < TimeSpan.FromSeconds(2) ? remaining : TimeSpan.FromSeconds(2);
        if (pause > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(pause, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>Handles a batch concurrently; if it takes long, keeps its messages invisible to other receivers meanwhile.</summary>
    private async Task<Disposition[]> HandleBatchAsync(IChangeQueueClient queue, DurableTaskClient client, IReadOnlyList<QueueMessage> batch, DrainOptions options, DeliveryRetry retry, Counts counts, CancellationToken cancellationToken)
    {
        using var handled = new CancellationTokenSource();
        Task extender = KeepInvisibleAsync(queue, batch, options, counts, handled.Token);
        try
        {
            return await Task.WhenAll(batch.Select(m => HandleAsync(queue, client, m, retry, counts, cancellationToken)));
        }
        finally
        {
            await handled.CancelAsync();
            await extender;
        }
    }

    private async Task KeepInvisibleAsync(IChangeQueueClient queue, IReadOnlyList<QueueMessage> batch, DrainOptions options, Counts counts, CancellationToken handled)
    {
        try
        {
            while (true)
            {
                await Task.Delay(options.ExtendVisibilityAfter, handled);
                Interlocked.Increment(ref counts.VisibilityCalls);
                metrics.SqsCalls.Add(1);
                await queue.ExtendVisibilityAsync(batch, options.VisibilityExtension, handled);
                Log.VisibilityExtended(logger, batch.Count, options.VisibilityExtension.TotalSeconds);
            }
        }
        catch (OperationCanceledException) when (handled.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not fatal: at worst a message becomes visible again and is handled as a duplicate.
            Log.VisibilityFailed(logger, ex);
        }
    }

    private sealed class Counts
    {
        public int Received;
        public int Started;
        public int Duplicates;
        public int Rejected;
        public int Deleted;
        public int Failed;
        public int ReceiveCalls;
        public int DeleteCalls;
        public int VisibilityCalls;
        public int Errors;
        public int Redriven;
        public int Recorded;
        public int FirstTierNotified;
        public int FirstTierDeferred;
        public int Collisions;
    }

    /// <summary>Handles one message in isolation: nothing it does can stop the rest of the batch.</summary>
    private async Task<Disposition> HandleAsync(IChangeQueueClient queue, DurableTaskClient client, QueueMessage message, DeliveryRetry retry, Counts counts, CancellationToken cancellationToken)
    {
        try
        {
            ParseResult parsed = CloudTrailParser.ParseMessage(message.Body);
            if (!parsed.IsSuccess)
            {
                return await RejectAsync(queue, message, parsed.Error!, cancellationToken);
            }

            CloudTrailEvent change = parsed.Event!;
            if (!string.Equals(change.EventSource, CloudTrailParser.EcsEventSource, StringComparison.Ordinal))
            {
                return await RejectAsync(queue, message, $"not an ECS event: eventSource is '{change.EventSource}' (check the EventBridge rule's pattern)", cancellationToken);
            }

            // Classified here, at the edge: the request parameters (environment values, secrets) are read
            // by the detectors now and never enter durable state.
            ChangeInput input = ChangeInput.Create(change, classifier, retry);

            // A copy of a record is a duplicate; a different record under a known eventID is not (only a
            // forger can make one): it is recorded beside the first, as a collision, and alerted at High.
            if (await collisions.CheckAsync(queue, message, input, cancellationToken) is { } collision)
            {
                Interlocked.Increment(ref counts.Collisions);
                input = collision;
                change = input.Change;
            }

            if (input.Verdict.Outcome != Outcome.Alert)
            {
                // Nobody waits on a change that does not alert (read-only, suppressed, agent housekeeping):
                // it is recorded here, idempotently (keyed by its event), without an orchestration.
                await changes.RecordChangeAsync(input.Change, input.Verdict, null, cancellationToken);
                return Disposition.Recorded;
            }

            string instanceId = InstanceIds.For(change);
            using InFlight turn = await InFlight.EnterAsync(instanceId, cancellationToken);
            bool redrive = false;
            if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is { } existing)
            {
                if (!IsFailed(existing.RuntimeStatus))
                {
                    Log.Duplicate(logger, change.EventId, instanceId, message.MessageId);
                    return Disposition.Duplicate;
                }

                // Never treat a failure as a duplicate: the earlier run of this change failed, so run it again.
                Log.Redrive(logger, change.EventId, instanceId, existing.RuntimeStatus.ToString());
                redrive = true;
            }

            // The alert is opened here, not in an activity: a queue round trip (and its history) less
            // between the change and the first notification. Idempotent, like the activity it is.
            AlertOpening? opening = await TryRecordAsync(input, instanceId, cancellationToken);
            if (opening is { Kind: OpeningKind.Joined })
            {
                Log.Joined(logger, change.EventId, opening.AlertId, opening.ChangeCount, message.MessageId);
                return Disposition.Recorded;
            }

            input = input with { Opening = opening };
            if (opening is { Kind: OpeningKind.Opened, Plan: { } plan } && drainOptions.Value.NotifyFirstTier
                && await firstTier.NotifyAsync(input, opening.AlertId, plan, cancellationToken) is { } notice)
            {
                input = input with { FirstTier = notice };
                Interlocked.Add(ref counts.FirstTierDeferred, plan.Tiers[0].Channels.Count - notice.Channels.Count);
                if (notice.Channels.Count == plan.Tiers[0].Channels.Count)
                {
                    Interlocked.Increment(ref counts.FirstTierNotified);
                }
            }

            try
            {
                var startOptions = new StartOrchestrationOptions(instanceId).WithDedupeStatuses(DedupeStatuses);
                await client.ScheduleNewOrchestrationInstanceAsync(nameof(ChangeOrchestration), input, startOptions, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A concurrent drain may have started it between our check and our start.
                if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is { } raced && !IsFailed(raced.RuntimeStatus))
                {
                    Log.Duplicate(logger, change.EventId, instanceId, message.MessageId);
                    return Disposition.Duplicate;
                }

                throw;
            }

            Log.Started(logger, change.EventId, change.EventName, instanceId, message.MessageId);
            metrics.QueueLag.Record(Math.Max(0, (time.GetUtcNow() - change.EventTime).TotalSeconds));
            return redrive ? Disposition.Redriven : Disposition.Started;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Left on the queue: it becomes visible again and is retried, then dead-lettered by redrive.
            Log.HandleFailed(logger, ex, message.MessageId, message.ReceiveCount);
            return Disposition.Failed;
        }
    }

    /// <summary>
    /// Records an alerting change and opens (or joins) its alert. Null when that failed: the
    /// orchestration then records it itself, with durable retries and, behind them, the failure
    /// alert, so a storage fault here never loses the change.
    /// </summary>
    private async Task<AlertOpening?> TryRecordAsync(ChangeInput input, string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            return await recorder.ExecuteAsync(new RecordChangeInput(input.Change, input.Verdict, instanceId, input.Escalation), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.RecordDeferred(logger, input.Change.EventId, instanceId, ex.GetType().Name, ex.Message);
            return null;
        }
    }

    private static bool IsFailed(OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;

    private async Task<Disposition> RejectAsync(IChangeQueueClient queue, QueueMessage message, string reason, CancellationToken cancellationToken)
    {
        Log.Rejected(logger, message.MessageId, message.ReceiveCount, reason);
        // Kept only after redaction: a rejected message can carry the same secrets as an accepted one.
        string preview = RequestRedactor.Preview(message.Body, Core.Limits.RejectedPreviewChars);
        await rejections.RecordRejectedAsync(new RejectedMessage(message.MessageId, time.GetUtcNow(), reason, message.ReceiveCount, preview, queue.Name), cancellationToken);
        return Disposition.Rejected;
    }
}
