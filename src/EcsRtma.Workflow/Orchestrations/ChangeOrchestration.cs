using EcsRtma.Core.Alerts;
using EcsRtma.Core.Detection;
using EcsRtma.Core.Ports;
using EcsRtma.Workflow.Activities;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace EcsRtma.Workflow.Orchestrations;

/// <summary>
/// One ECS change from classification to a closed alert: classify, record, then walk the
/// escalation ladder — notify a tier, wait for an acknowledgement or the tier's timeout — and
/// close as acknowledged or unacknowledged. Deterministic: only context time and activities.
/// </summary>
public static class ChangeOrchestration
{
    public static async Task<ChangeResult> RunAsync(TaskOrchestrationContext context, ChangeInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        ILogger log = context.CreateReplaySafeLogger(nameof(ChangeOrchestration));
        string alertId = context.InstanceId;

        Verdict verdict = await context.CallActivityAsync<Verdict>(nameof(ClassifyChange), input.Change);
        await context.CallActivityAsync(nameof(RecordChange), new RecordChangeInput(input.Change, verdict, alertId));
        if (verdict.Outcome != Outcome.Alert)
        {
            OrchestrationLog.LogNotAlerted(log, verdict.EventId, verdict.EventName, verdict.Outcome);
            return new ChangeResult(verdict.EventId, verdict.Outcome, null, null, 0, null);
        }

        // One waiter for the whole ladder: the SDK hands an event to the newest waiter and never
        // removes cancelled ones, so a waiter per tier could swallow an acknowledgement.
        Task<Acknowledgement> acknowledged = context.WaitForExternalEvent<Acknowledgement>(EventNames.Acknowledged);
        // Transient failures (5xx, 429, timeouts) are retried with durable backoff; a permanent
        // rejection (other 4xx) is not, so a misconfigured endpoint fails fast and is recorded.
        TaskOptions deliveryOptions = TaskOptions.FromRetryPolicy(new RetryPolicy(
            Math.Max(1, input.Retry.MaxAttempts), input.Retry.FirstInterval, input.Retry.BackoffCoefficient)
        {
            HandleFailure = failure => failure.ErrorType != typeof(PermanentDeliveryException).FullName,
        });

        int tierReached = 0;
        foreach (EscalationTier tier in input.Plan.Tiers)
        {
            tierReached = tier.Number;
            DateTime deadline = context.CurrentUtcDateTime + tier.AckTimeout;
            if (tier.Number > input.Plan.Tiers[0].Number)
            {
                await context.CallActivityAsync(nameof(AppendTimeline), new TimelineInput(alertId,
                    new TimelineEntry(context.CurrentUtcDateTime, TimelineKinds.Escalated, $"not acknowledged in time; escalating to tier {tier.Number}", tier.Number), tier.Number));
            }

            await DeliverTierAsync(context, alertId, tier, verdict, input, new DateTimeOffset(deadline, TimeSpan.Zero), deliveryOptions);
            context.SetCustomStatus(new EscalationStatus(alertId, tier.Number, deadline));

            Acknowledgement? ack = await WaitForAckAsync(context, acknowledged, deadline);
            if (ack is not null)
            {
                await context.CallActivityAsync(nameof(CloseAlert), new CloseAlertInput(alertId, AlertStatus.Acknowledged, tier.Number, ack, context.CurrentUtcDateTime));
                OrchestrationLog.LogAcknowledged(log, alertId, ack.By, tier.Number);
                return new ChangeResult(verdict.EventId, verdict.Outcome, alertId, AlertStatus.Acknowledged, tier.Number, ack.By);
            }
        }

        await context.CallActivityAsync(nameof(CloseAlert), new CloseAlertInput(alertId, AlertStatus.Unacknowledged, tierReached, null, context.CurrentUtcDateTime));
        OrchestrationLog.LogUnacknowledged(log, alertId, tierReached);
        return new ChangeResult(verdict.EventId, verdict.Outcome, alertId, AlertStatus.Unacknowledged, tierReached, null);
    }

    /// <summary>Races the acknowledgement against a durable timer and always cancels the timer it no longer needs.</summary>
    private static async Task<Acknowledgement?> WaitForAckAsync(TaskOrchestrationContext context, Task<Acknowledgement> acknowledged, DateTime deadline)
    {
        if (acknowledged.IsCompleted)
        {
            return await acknowledged;
        }

        using var timerCancellation = new CancellationTokenSource();
        Task timer = context.CreateTimer(deadline, timerCancellation.Token);
        Task winner = await Task.WhenAny(acknowledged, timer);
        if (winner == acknowledged)
        {
            // Cancel synchronously: CancelAsync runs its callbacks on the thread pool, and awaiting a
            // non-durable task inside an orchestration stalls it (the acknowledgement was never processed).
#pragma warning disable CA1849 // Call async methods when in an async method
            timerCancellation.Cancel();
#pragma warning restore CA1849

            return await acknowledged;
        }

        return null;
    }

    /// <summary>One activity per channel, each isolated: a failing channel never stops the others, and its failure is recorded.</summary>
    private static async Task DeliverTierAsync(TaskOrchestrationContext context, string alertId, EscalationTier tier, Verdict verdict, ChangeInput input, DateTimeOffset deadline, TaskOptions options)
    {
        var deliveries = tier.Channels
            .Select(channel => DeliverOneAsync(context, new DeliverInput(alertId, tier.Number, channel, verdict, input.Change.EventTime, deadline), options))
            .ToList();
        await Task.WhenAll(deliveries);
    }

    private static async Task DeliverOneAsync(TaskOrchestrationContext context, DeliverInput delivery, TaskOptions options)
    {
        try
        {
            await context.CallActivityAsync(nameof(DeliverNotification), delivery, options);
        }
        catch (TaskFailedException ex)
        {
            string reason = ex.FailureDetails.ErrorMessage;
            await context.CallActivityAsync(nameof(AppendTimeline), new TimelineInput(delivery.AlertId,
                new TimelineEntry(context.CurrentUtcDateTime, TimelineKinds.DeliveryFailed, $"delivery over {delivery.Channel} failed after retries: {reason}", delivery.Tier, delivery.Channel)));
        }
    }
}
/// Log messages of the orchestration, called only through its replay-safe logger.
/// Plain <see cref="LoggerMessage.Define{T1,T2,T3}(LogLevel, EventId, string)"/> delegates rather than
/// [LoggerMessage] source generation: the Durable Task analyzers (1.28.0) crash (AD0001) when an
/// orchestration calls into generated code.
/// </summary>
internal static class OrchestrationLog
{
    private static readonly Action<ILogger, string, string, Outcome, Exception?> NotAlerted =
        LoggerMessage.Define<string, string, Outcome>(LogLevel.Information, new EventId(2300, nameof(NotAlerted)), "Change {EventId} {EventName} not alerted: {Outcome}");

    private static readonly Action<ILogger, string, string, int, Exception?> Acknowledged =
        LoggerMessage.Define<string, string, int>(LogLevel.Information, new EventId(2301, nameof(Acknowledged)), "Alert {AlertId} acknowledged by {By} at tier {Tier}");

    private static readonly Action<ILogger, string, int, Exception?> Unacknowledged =
        LoggerMessage.Define<string, int>(LogLevel.Warning, new EventId(2302, nameof(Unacknowledged)), "Alert {AlertId} closed unacknowledged after tier {Tier}");

    public static void LogNotAlerted(ILogger logger, string eventId, string eventName, Outcome outcome) => NotAlerted(logger, eventId, eventName, outcome, null);

    public static void LogAcknowledged(ILogger logger, string alertId, string by, int tier) => Acknowledged(logger, alertId, by, tier, null);

    public static void LogUnacknowledged(ILogger logger, string alertId, int tier) => Unacknowledged(logger, alertId, tier, null);
}
