using EcsRtma.Core.Alerts;
using EcsRtma.Core.Escalation;
using EcsRtma.Core.Findings;
using EcsRtma.Core.Ports;
using EcsRtma.Detection;
using EcsRtma.Workflow.Activities;
using EcsRtma.Workflow.Contracts;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace EcsRtma.Workflow.Orchestrations;

/// <summary>
/// One alerting ECS change to a closed alert: record it (which routes the alert to a policy, applies
/// quiet hours, or joins an open burst thread) unless the drain already did and passed the opening
/// in; walk the ladder — start a tier's deliveries, wait for an acknowledgement or the tier's timeout —
/// for every round. Each delivery is owned until it succeeds, is refused for good, or the alert is
/// answered or closed (ADR 0016): a channel that is down delays it, never drops it, and escalation
/// moves on at every deadline meanwhile. When the ladder is done and every tier was reached or given
/// up on, notify the exhaustion channels and mark the alert unacknowledged; then wait for "Resolved"
/// (a late acknowledgement still counts) until the alert auto-closes. Deterministic: only context
/// time, activities, timers and events.
/// </summary>
public static partial class ChangeOrchestration
{
    public static async Task<ChangeResult> RunAsync(TaskOrchestrationContext context, ChangeInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        ILogger log = context.CreateReplaySafeLogger(nameof(ChangeOrchestration));
        try
        {
            return await ProcessAsync(context, input, log);
        }
#pragma warning disable CA1031 // The catch-all of the accounting invariant: any failure still alerts (docs/SECURITY.md).
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            // Whatever failed (an activity after its retries, a storage limit, a bug), the change is not
            // dropped: it is recorded and alerted as "could not fully process", at least High, and escalated.
            // If this fails too, the instance fails and the drain's reconciler re-drives it.
            string error = ex is TaskFailedException failed ? $"{failed.TaskName}: {failed.FailureDetails.ErrorType}: {failed.FailureDetails.ErrorMessage}" : $"{ex.GetType().Name}: {ex.Message}";
            // The verdict can be missing from the input of an instance started by an earlier build.
            Log.ProcessingFailed(log, input.Change.EventId, context.InstanceId, error);
            Verdict failure = ProcessingFailure.Verdict(input.Change, input.Verdict, error);
            AlertOpening opening = await context.CallActivityAsync<AlertOpening>(nameof(RecordFailure),
                new RecordFailureInput(input.Change, failure, context.InstanceId, error, input.Escalation), StorageRetry(input.Retry));
            // The failure alert notifies its first tier itself, whatever the drain sent for the change.
            var run = new Run(context, input, failure, opening.Plan!, notice: null);
            return await run.ExecuteAsync(log) with { ProcessingFailed = true };
        }
    }

    private static async Task<ChangeResult> ProcessAsync(TaskOrchestrationContext context, ChangeInput input, ILogger log)
    {
        string alertId = context.InstanceId;

        // Storage hiccups (Table Storage 5xx, throttling) are retried with durable backoff rather than failing the alert.
        TaskOptions storage = StorageRetry(input.Retry);
        Verdict verdict = input.Verdict;
        // The drain normally records the change and opens the alert before it starts this instance.
        AlertOpening opening = input.Opening
            ?? await context.CallActivityAsync<AlertOpening>(nameof(RecordChange), new RecordChangeInput(input.Change, verdict, alertId, input.Escalation), storage);
        if (opening.Kind == OpeningKind.NotAlerted)
        {
            Log.NotAlerted(log, verdict.EventId, verdict.EventName, verdict.Outcome);
            return new ChangeResult(verdict.EventId, verdict.Outcome, null, null, 0, null);
        }

        if (opening.Kind == OpeningKind.Joined)
        {
            Log.Joined(log, verdict.EventId, opening.AlertId, opening.ChangeCount);
            return new ChangeResult(verdict.EventId, verdict.Outcome, opening.AlertId, null, 0, null) { Joined = true };
        }

        EscalationPlan plan = opening.Plan!;
        // A re-driven instance walks its ladder afresh: delivered copies are skipped, the deadline is new.
        var run = new Run(context, input, verdict, plan, input.Attempt == 1 ? input.FirstTier : null);
        return await run.ExecuteAsync(log);
    }

    private static TaskOptions StorageRetry(DeliveryRetry retry) =>
        TaskOptions.FromRetryPolicy(new RetryPolicy(Math.Max(5, retry.MaxAttempts), retry.FirstInterval, retry.BackoffCoefficient));

    /// <summary>The state of one alert's escalation, kept in locals only (rebuilt identically on replay).</summary>
    /// <param name="notice">The first tier's notification when the drain already sent it.</param>
#pragma warning disable CA1001 // _stop is never disposed on purpose: the orchestration's pending timers hold its token until they are cancelled or replayed away.
    private sealed partial class Run(TaskOrchestrationContext context, ChangeInput input, Verdict verdict, EscalationPlan plan, FirstTierNotice? notice)
#pragma warning restore CA1001
    {
        private readonly string _alertId = context.InstanceId;

        // One waiter per event for the whole life of the alert: the SDK hands an event to the newest
        // waiter and never removes cancelled ones, so a waiter per tier could swallow an answer.
        private readonly Task<Acknowledgement> _acknowledged = context.WaitForExternalEvent<Acknowledgement>(EventNames.Acknowledged);
        private readonly Task<Acknowledgement> _resolved = context.WaitForExternalEvent<Acknowledgement>(EventNames.Resolved);

        // Reflecting a state in the channels is best effort: retried a few times, then noted on the timeline.
        private readonly TaskOptions _reflectOptions = TaskOptions.FromRetryPolicy(new RetryPolicy(
            Math.Max(1, input.Retry.MaxAttempts), input.Retry.FirstInterval, input.Retry.BackoffCoefficient)
        {
            HandleFailure = failure => failure.ErrorType != typeof(PermanentDeliveryException).FullName,
        });

        private readonly TaskOptions _storageOptions = StorageRetry(input.Retry);

        // Cancelled (synchronously, from orchestration code) when the alert is answered or closed: every
        // owned delivery stops waiting for its next attempt.
        private readonly CancellationTokenSource _stop = new();
        private readonly List<TierDelivery> _deliveries = [];
        private readonly HashSet<string> _avoid = new(input.AvoidChannels ?? [], StringComparer.OrdinalIgnoreCase);

        private int _tierReached;
        private Acknowledgement? _ack;

        private enum Ending
        {
            Delivered,
            Refused,
            Stopped,
        }

        public async Task<ChangeResult> ExecuteAsync(ILogger log)
        {
            // Quiet hours were decided once, when the alert was opened (EscalationPlan.DeferUntil); a deadline already past fires at once.
            if (plan.DeferUntil is { } until)
            {
                context.SetCustomStatus(new EscalationStatus(_alertId, 0, until.UtcDateTime, EscalationPhases.Deferred));
                await TimelineAsync(TimelineKinds.Deferred, $"quiet hours of route '{plan.Route}': {verdict.Severity} alert waits until {until:u}");
                if (await WaitAsync(until.UtcDateTime, _resolved, _acknowledged) is { } early)
                {
                    return await AnsweredAsync(early, log);
                }
            }

            int rounds = 1 + Math.Max(0, plan.Repeat);
            for (int round = 1; round <= rounds; round++)
            {
                foreach (EscalationTier tier in plan.Tiers)
                {
                    // A tier's deadline is computed once: by the drain when it notified the first tier, here otherwise.
                    DateTimeOffset deadline = new(context.CurrentUtcDateTime + tier.AckTimeout, TimeSpan.Zero);
                    List<string> channels = Usable(tier);
                    FirstTierNotice? drain = null;
                    if (_tierReached > 0)
                    {
                        await TimelineAsync(TimelineKinds.Escalated, $"not acknowledged in time; escalating to tier {tier.Number}{(round > 1 ? $" (round {round} of {rounds})" : string.Empty)}", tier.Number);
                        foreach (TierDelivery earlier in _deliveries.Where(d => !d.Reached && d.Pending.Count > 0))
                        {
                            // Escalation does not wait for a channel that is down, and does not pretend either.
                            await TimelineAsync(TimelineKinds.Undelivered, $"tier {earlier.Tier} not reached yet ({earlier.DescribePending()}); still retrying", earlier.Tier);
                        }
                    }
                    else if (notice is not null)
                    {
                        // The drain notified this tier before starting the instance: its deadline, and only the channels that failed there.
                        deadline = notice.Deadline;
                        channels = [.. channels.Where(c => !notice.Channels.Contains(c, StringComparer.OrdinalIgnoreCase))];
                        drain = notice;
                    }

                    _tierReached = tier.Number;
                    if (channels.Count == 0 && drain is null && _avoid.Count > 0)
                    {
                        await TimelineAsync(TimelineKinds.Undelivered, $"tier {tier.Number} has no channel other than {string.Join(", ", _avoid)}: this alert is shown on the board and in /api/health only", tier.Number);
                    }

                    StartTier(tier, channels, deadline, round, drain);
                    context.SetCustomStatus(new EscalationStatus(_alertId, tier.Number, deadline.UtcDateTime, EscalationPhases.Escalating, round));

                    if (await WaitAsync(deadline.UtcDateTime, _resolved, _acknowledged) is { } answer)
                    {
                        return await AnsweredAsync(answer, log);
                    }
                }
            }

            // "Unacknowledged" only once every tier was reached or given up on: until then, keep owning them.
            DateTime closeAt = context.CurrentUtcDateTime + plan.AutoCloseAfter;
            Task settled = Task.WhenAll(_deliveries.Select(d => d.Done));
            if (!settled.IsCompleted)
            {
                context.SetCustomStatus(new EscalationStatus(_alertId, _tierReached, closeAt, EscalationPhases.Undelivered));
                await TimelineAsync(TimelineKinds.Undelivered, $"escalation reached its last tier, but {DescribeUndelivered()}: not called unacknowledged until they are reached or given up on");
                Task? first = await WaitAnyAsync(closeAt, settled, _resolved, _acknowledged);
                if (first is null)
                {
                    await StateAsync(AlertStatus.Unacknowledged, close: true, null, $"closed unacknowledged after {plan.AutoCloseAfter}; never reached: {DescribeUndelivered()}");
                    Log.Unacknowledged(log, _alertId, _tierReached);
                    return Result(AlertStatus.Unacknowledged);
                }

                if (first != settled)
                {
                    return await AnsweredAsync((Task<Acknowledgement>)first, log);
                }
            }

            // Nobody answered through the whole ladder: open the ticket/incident, mark unacknowledged.
            if (plan.OnExhausted.Count > 0)
            {
                var exhaustion = new EscalationTier(plan.Tiers.Count + 1, plan.OnExhausted, TimeSpan.Zero);
                StartTier(exhaustion, [.. plan.OnExhausted.Where(c => !_avoid.Contains(c))], new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero), 1, null, exhaustionTier: true);
            }

            await StateAsync(AlertStatus.Unacknowledged, close: false, null, $"escalation exhausted after tier {_tierReached}{(rounds > 1 ? $" and {rounds} rounds" : string.Empty)}: {DescribeReached()}{(plan.OnExhausted.Count > 0 ? $"; notifying {string.Join(", ", plan.OnExhausted)}" : string.Empty)}");
            Log.Unacknowledged(log, _alertId, _tierReached);
            return await AwaitResolutionAsync(AlertStatus.Unacknowledged, log);
        }

        /// <summary>An answer arrived while escalating: an acknowledgement stops the ladder, a resolution closes the alert.</summary>
        private async Task<ChangeResult> AnsweredAsync(Task<Acknowledgement> answer, ILogger log)
        {
            if (answer == _resolved)
            {
                return await ResolveAsync(await _resolved, log);
            }

            _ack = await _acknowledged;
            await StateAsync(AlertStatus.Acknowledged, close: false, _ack, null);
            await ReflectAsync(AlertStatus.Acknowledged, _ack);
            Log.Acknowledged(log, _alertId, _ack.By, _tierReached);
            return await AwaitResolutionAsync(AlertStatus.Acknowledged, log);
        }

        /// <summary>After the ladder: wait for "Resolved" (and a late acknowledgement) until the alert auto-closes as it stands.</summary>
        private async Task<ChangeResult> AwaitResolutionAsync(AlertStatus status, ILogger log)
        {
            DateTime closeAt = context.CurrentUtcDateTime + plan.AutoCloseAfter;

            // At most two passes: unacknowledged → (late acknowledgement) → acknowledged → resolved or closed.
            for (int pass = 0; ; pass++)
            {
                string phase = status == AlertStatus.Acknowledged ? EscalationPhases.Acknowledged : EscalationPhases.Unacknowledged;
                context.SetCustomStatus(new EscalationStatus(_alertId, _tierReached, closeAt, phase));
                Task<Acknowledgement>? answer = status == AlertStatus.Acknowledged || pass > 0
                    ? await WaitAsync(closeAt, _resolved)
                    : await WaitAsync(closeAt, _resolved, _acknowledged);
                if (answer is null)
                {
                    await StateAsync(status, close: true, null, $"closed {status.ToString().ToLowerInvariant()} after {plan.AutoCloseAfter} without being resolved");
                    return Result(status);
                }

                if (answer == _resolved)
                {
                    return await ResolveAsync(await _resolved, log);
                }

                _ack = await _acknowledged;
                status = AlertStatus.Acknowledged;
                await StateAsync(AlertStatus.Acknowledged, close: false, _ack, "acknowledged after escalation was exhausted");
                await ReflectAsync(AlertStatus.Acknowledged, _ack);
                Log.Acknowledged(log, _alertId, _ack.By, _tierReached);
            }
        }

        private async Task<ChangeResult> ResolveAsync(Acknowledgement resolution, ILogger log)
        {
            await StateAsync(AlertStatus.Resolved, close: true, resolution, null);
            await ReflectAsync(AlertStatus.Resolved, resolution);
            Log.Resolved(log, _alertId, resolution.By);
            return Result(AlertStatus.Resolved) with { ResolvedBy = resolution.By };
        }

        private ChangeResult Result(AlertStatus status) =>
            new(verdict.EventId, verdict.Outcome, _alertId, status, _tierReached, _ack?.By);

        private async Task<Task<Acknowledgement>?> WaitAsync(DateTime deadline, params Task<Acknowledgement>[] events) =>
            (Task<Acknowledgement>?)await WaitAnyAsync(deadline, events);

        /// <summary>
        /// Races the given tasks against a durable timer and always cancels the timer it no longer needs.
        /// Returns the task that won, or null when the deadline passed. A task already done wins at once
        /// (the first listed wins a tie).
        /// </summary>
        private async Task<Task?> WaitAnyAsync(DateTime deadline, params Task[] tasks)
        {
            Task? done = tasks.FirstOrDefault(e => e.IsCompleted);
            if (done is not null)
            {
                return done;
            }

            using var timerCancellation = new CancellationTokenSource();
            Task timer = context.CreateTimer(deadline, timerCancellation.Token);
            Task winner = await Task.WhenAny([.. tasks, timer]);
            if (winner == timer)
            {
                return null;
            }

            // Cancel synchronously: CancelAsync runs its callbacks on the thread pool, and awaiting a
            // non-durable task inside an orchestration stalls it (the acknowledgement was never processed).
#pragma warning disable CA1849 // Call async methods when in an async method
            timerCancellation.Cancel();
#pragma warning restore CA1849
            return winner;
        }

        /// <summary>The alert is answered or closed: owned deliveries stop (their pending retry timers are cancelled).</summary>
        private void StopDeliveries()
        {
            if (!_stop.IsCancellationRequested)
            {
#pragma warning disable CA1849 // Synchronously, for the reason given in WaitAnyAsync.
                _stop.Cancel();
#pragma warning restore CA1849
            }
        }

        private Task TimelineAsync(string kind, string message, int? tier = null, string? channel = null, string? undelivered = null) =>
            context.CallActivityAsync(nameof(AppendTimeline), new TimelineInput(_alertId, new TimelineEntry(context.CurrentUtcDateTime, kind, message, tier, channel)) { Undelivered = undelivered }, _storageOptions);

        private Task StateAsync(AlertStatus status, bool close, Acknowledgement? by, string? note)
        {
            if (close || status is AlertStatus.Acknowledged or AlertStatus.Resolved)
            {
                StopDeliveries();
            }

            return context.CallActivityAsync(nameof(UpdateAlertState), new AlertStateInput(_alertId, status, TierDelivered(), context.CurrentUtcDateTime, close, by, note), _storageOptions);
        }

        private async Task ReflectAsync(AlertStatus status, Acknowledgement by)
        {
            try
            {
                await context.CallActivityAsync(nameof(ReflectAlertState), new ReflectInput(_alertId, status, by, verdict.Title), _reflectOptions);
            }
            catch (TaskFailedException ex)
            {
                await TimelineAsync(TimelineKinds.DeliveryFailed, $"could not reflect '{status}' in the channels: {ex.FailureDetails.ErrorMessage}");
            }
        }
    }
}
