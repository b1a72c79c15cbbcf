using EcsRtma.Core.Alerts;
using EcsRtma.Core.Escalation;
using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;
using EcsRtma.Detection;
using EcsRtma.Testing;
using EcsRtma.Workflow.Contracts;
using EcsRtma.Workflow.Orchestrations;
using Microsoft.DurableTask.Client;

namespace EcsRtma.Workflow.Tests;

public sealed class ChangeOrchestrationTests(WorkflowHostFixture fixture) : IClassFixture<WorkflowHostFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly DeliveryRetry FastRetry = new(2, TimeSpan.FromSeconds(1)) { MaxInterval = TimeSpan.FromSeconds(2) };

    private DurableTaskClient Client => fixture.Host.Client;

    [Fact]
    public async Task RunAsync_AckAtTier1_StopsEscalationAndRecordsWho()
    {
        CloudTrailEvent change = Some.Change("DeleteService");
        string id = await StartAsync(change, Plan(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)));

        AlertNotification tier1 = await fixture.Channel.WaitForTierAsync(id, 1, Patience);
        await Client.RaiseEventAsync(id, EventNames.Acknowledged, new Acknowledgement("alice@example.com", DateTimeOffset.UtcNow, "on it"));

        ChangeResult result = await CompletedAsync(id);
        Assert.Equal((AlertStatus.Acknowledged, 1, "alice@example.com"), (result.Status, result.TierReached, result.AcknowledgedBy));
        Assert.DoesNotContain(fixture.Channel.Sent, n => n.AlertId == id && n.Tier == 2);
        Assert.StartsWith($"https://ecsrtma.example/api/ack/{id}?token=", tier1.AcknowledgeUrl.ToString(), StringComparison.Ordinal);
        Assert.Equal($"https://ecsrtma.example/api/board#alert={id}", tier1.BoardUrl!.ToString()); // what the board reads

        AlertRecord alert = (await fixture.Store.GetAlertAsync(id))!;
        Assert.Equal((AlertStatus.Acknowledged, "alice@example.com", Severity.High), (alert.Status, alert.AcknowledgedBy, alert.Severity));
        IReadOnlyList<TimelineEntry> timeline = await fixture.Store.GetTimelineAsync(id);
        Assert.Equal([TimelineKinds.Opened, TimelineKinds.Notified, TimelineKinds.Acknowledged, TimelineKinds.Reflected, TimelineKinds.Closed], timeline.Select(t => t.Kind));
        Assert.Contains("on it", timeline[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Tier1TimesOut_EscalatesThenAckAtTier2()
    {
        string id = await StartAsync(Some.Change("UpdateService"), Plan(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30)));

        await fixture.Channel.WaitForTierAsync(id, 2, Patience);
        await Client.RaiseEventAsync(id, EventNames.Acknowledged, new Acknowledgement("bob@example.com", DateTimeOffset.UtcNow));

        ChangeResult result = await CompletedAsync(id);
        Assert.Equal((AlertStatus.Acknowledged, 2, "bob@example.com"), (result.Status, result.TierReached, result.AcknowledgedBy));
        IReadOnlyList<TimelineEntry> timeline = await fixture.Store.GetTimelineAsync(id);
        Assert.Equal([TimelineKinds.Opened, TimelineKinds.Notified, TimelineKinds.Escalated, TimelineKinds.Notified, TimelineKinds.Acknowledged, TimelineKinds.Reflected, TimelineKinds.Closed], timeline.Select(t => t.Kind));
        Assert.Equal(2, (await fixture.Store.GetAlertAsync(id))!.TierReached);
    }

    [Fact]
    public async Task RunAsync_NoAckAtAll_IsUnacknowledgedAfterTheLastTierThenAutoCloses()
    {
        string id = await StartAsync(Some.Change("CreateCluster"), Plan(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));

        ChangeResult result = await CompletedAsync(id);
        Assert.Equal((AlertStatus.Unacknowledged, 2, (string?)null), (result.Status, result.TierReached, result.AcknowledgedBy));
        Assert.Equal(2, fixture.Channel.Sent.Count(n => n.AlertId == id));
        Assert.Equal(AlertStatus.Unacknowledged, (await fixture.Store.GetAlertAsync(id))!.Status);
        Assert.Equal(TimelineKinds.Closed, (await fixture.Store.GetTimelineAsync(id))[^1].Kind);
    }

    [Fact]
    public async Task RunAsync_AckArrivesBeforeTheFirstWait_IsNotLost()
    {
        string id = await StartAsync(Some.Change("StopTask"), Plan(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)));
        // Raised as early as possible: the single waiter created before the ladder buffers it.
        await Client.RaiseEventAsync(id, EventNames.Acknowledged, new Acknowledgement("early@example.com", DateTimeOffset.UtcNow));

        ChangeResult result = await CompletedAsync(id);
        Assert.Equal((AlertStatus.Acknowledged, "early@example.com"), (result.Status, result.AcknowledgedBy));
    }

    [Fact]
    public async Task RunAsync_ReadOnlyCall_IsRecordedButNotAlerted()
    {
        CloudTrailEvent change = Some.Change("DescribeServices");
        string id = await StartAsync(change, Plan(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));

        ChangeResult result = await CompletedAsync(id);
        Assert.Equal((Outcome.Ignored, (string?)null, 0), (result.Outcome, result.AlertId, result.TierReached));
        Assert.Equal(Outcome.Ignored, fixture.Store.Changes[change.EventId].Outcome);
        Assert.Null(await fixture.Store.GetAlertAsync(id));
        Assert.DoesNotContain(fixture.Channel.Sent, n => n.AlertId == id);
    }

    [Fact]
    public async Task RunAsync_WhileWaiting_CustomStatusShowsTierAndDeadline()
    {
        string id = await StartAsync(Some.Change("DeleteTaskSet"), Plan(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)));
        await fixture.Channel.WaitForTierAsync(id, 1, Patience);

        EscalationStatus? status = null;
        for (int i = 0; i < 100 && status is null; i++)
        {
            OrchestrationMetadata? meta = await Client.GetInstanceAsync(id, getInputsAndOutputs: true);
            status = meta?.ReadCustomStatusAs<EscalationStatus>();
            if (status is null)
            {
                await Task.Delay(100);
            }
        }

        Assert.NotNull(status);
        Assert.Equal(1, status.Tier);
        Assert.InRange(status.DeadlineUtc, DateTime.UtcNow.AddSeconds(1), DateTime.UtcNow.AddSeconds(31));
        await Client.RaiseEventAsync(id, EventNames.Acknowledged, new Acknowledgement("x", DateTimeOffset.UtcNow));
        await CompletedAsync(id);
    }

    [Fact]
    public async Task RunAsync_ChannelDownLongerThanTheRetries_EscalatesOnTime_SaysWhoIsNotReached_AndDeliversEveryTierWhenItComesBack()
    {
        // Before ADR 0016 each tier's delivery failed for good after its retry span: the alert ended
        // "Unacknowledged, tier 2 reached" although nobody had been told, and nothing was sent on recovery.
        fixture.Channel.FailNext(int.MaxValue);
        string id;
        try
        {
            EscalationPolicySet plan = Plan(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
            plan.AutoCloseAfter = TimeSpan.FromMinutes(2); // only a delivery can end the wait below
            id = await StartAsync(Some.Change("DeleteCluster"), plan);

            // Escalation moves on at every deadline, and the ladder then waits for the pending tiers.
            await WaitForAsync(async () => (await Client.GetInstanceAsync(id, getInputsAndOutputs: true))?.ReadCustomStatusAs<EscalationStatus>()?.Phase == EscalationPhases.Undelivered);
            IReadOnlyList<TimelineEntry> during = await fixture.Store.GetTimelineAsync(id);
            Assert.Contains(during, t => t.Kind == TimelineKinds.Escalated && t.Tier == 2);
            Assert.Contains(during, t => t.Kind == TimelineKinds.Undelivered && t.Message.StartsWith("tier 1 not reached yet (webhook unreachable since", StringComparison.Ordinal));
            Assert.DoesNotContain(during, t => t.Kind is TimelineKinds.DeliveryFailed or TimelineKinds.Exhausted);
            AlertRecord pending = (await fixture.Store.GetAlertAsync(id))!;
            Assert.Equal((AlertStatus.Open, 0), (pending.Status, pending.TierReached));
            Assert.Contains("tier 1 not reached yet", pending.Undelivered, StringComparison.Ordinal);
            Assert.Contains("tier 2 not reached yet", pending.Undelivered, StringComparison.Ordinal);
            Assert.DoesNotContain(fixture.Channel.Sent, n => n.AlertId == id);
        }
        finally
        {
            fixture.Channel.FailNext(0); // the channel answers again
        }

        // "Unacknowledged" only once every tier was reached.
        await WaitForAsync(async () => (await fixture.Store.GetAlertAsync(id))!.Status == AlertStatus.Unacknowledged);
        Assert.Equal([1, 2], fixture.Channel.Sent.Where(n => n.AlertId == id).Select(n => n.Tier).Order());
        AlertRecord alert = (await fixture.Store.GetAlertAsync(id))!;
        Assert.Equal((2, (string?)null), (alert.TierReached, alert.Undelivered));
        TimelineEntry exhausted = (await fixture.Store.GetTimelineAsync(id)).Single(t => t.Kind == TimelineKinds.Exhausted);
        Assert.Contains("tier 1 reached via webhook; tier 2 reached via webhook", exhausted.Message, StringComparison.Ordinal);
        await Client.RaiseEventAsync(id, EventNames.Resolved, new Acknowledgement("ops", DateTimeOffset.UtcNow));
        Assert.Equal(AlertStatus.Resolved, (await CompletedAsync(id)).Status);
    }

    [Fact]
    public async Task RunAsync_ChannelRefusesForGood_TierIsGivenUpOn_NotRetried_AndTheEndSaysSo()
    {
        fixture.Channel.RefuseNext(int.MaxValue);
        try
        {
            string id = await StartAsync(Some.Change("DeleteCluster"), Some.Escalation(TimeSpan.FromSeconds(1)));
            ChangeResult result = await CompletedAsync(id);
            Assert.Equal(AlertStatus.Unacknowledged, result.Status);
            IReadOnlyList<TimelineEntry> timeline = await fixture.Store.GetTimelineAsync(id);
            Assert.Contains(timeline, t => t.Kind == TimelineKinds.DeliveryFailed && t.Message.Contains("refused for good", StringComparison.Ordinal));
            Assert.Contains("tier 1 given up (webhook: ", timeline.Single(t => t.Kind == TimelineKinds.Exhausted).Message, StringComparison.Ordinal);
            Assert.Equal(1, (await fixture.Store.GetDeliveriesAsync(id)).Single().Attempts); // a 4xx is not retried
            Assert.Equal(0, (await fixture.Store.GetAlertAsync(id))!.TierReached);
        }
        finally
        {
            fixture.Channel.RefuseNext(0);
        }
    }

    [Fact]
    public async Task RunAsync_AlertAboutAChannel_NeverGoesThroughIt_UsesTheOthers_OrSaysThereAreNone()
    {
        (CloudTrailEvent change, Verdict verdict) = SystemAlerts.ChannelUnreachable("webhook", DateTimeOffset.UtcNow.AddMinutes(-3).AddSeconds(Random.Shared.Next(1000)), "HTTP 503");
        string viaChat = InstanceIds.For(change);
        var input = new ChangeInput(change, verdict, FastRetry) { Escalation = Plan(TimeSpan.FromSeconds(30)), AvoidChannels = ["webhook"], OtherChannels = ["chat"] };
        await Client.ScheduleNewOrchestrationInstanceAsync(nameof(ChangeOrchestration), input, new Microsoft.DurableTask.StartOrchestrationOptions(viaChat));
        AlertNotification sent = await fixture.Chat.WaitForTierAsync(viaChat, 1, Patience);
        Assert.Contains("channel webhook unreachable", sent.Verdict.Title, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Channel.Sent, n => n.AlertId == viaChat);
        await Client.RaiseEventAsync(viaChat, EventNames.Resolved, new Acknowledgement("ops", DateTimeOffset.UtcNow));
        await CompletedAsync(viaChat);

        (CloudTrailEvent alone, Verdict aloneVerdict) = SystemAlerts.ChannelUnreachable("webhook", DateTimeOffset.UtcNow.AddHours(-1).AddSeconds(Random.Shared.Next(1000)), null);
        string nowhere = InstanceIds.For(alone);
        await Client.ScheduleNewOrchestrationInstanceAsync(nameof(ChangeOrchestration), new ChangeInput(alone, aloneVerdict, FastRetry) { Escalation = Plan(TimeSpan.FromSeconds(1)), AvoidChannels = ["webhook"] }, new Microsoft.DurableTask.StartOrchestrationOptions(nowhere));
        await CompletedAsync(nowhere);
        Assert.DoesNotContain(fixture.Channel.Sent, n => n.AlertId == nowhere);
        Assert.Contains(await fixture.Store.GetTimelineAsync(nowhere), t => t.Message.Contains("has no channel other than webhook", StringComparison.Ordinal));
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        using var cts = new CancellationTokenSource(Patience);
        while (!await condition())
        {
            await Task.Delay(100, cts.Token);
        }
    }

    [Fact]
    public async Task RunAsync_ChannelFailsOnce_RetriesAndDelivers()
    {
        fixture.Channel.FailNext(1);
        string id = await StartAsync(Some.Change("RunTask"), Plan(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)));

        await fixture.Channel.WaitForTierAsync(id, 1, Patience);
        await Client.RaiseEventAsync(id, EventNames.Acknowledged, new Acknowledgement("carol", DateTimeOffset.UtcNow));
        Assert.Equal(AlertStatus.Acknowledged, (await CompletedAsync(id)).Status);
        Assert.DoesNotContain(await fixture.Store.GetTimelineAsync(id), t => t.Kind == TimelineKinds.DeliveryFailed);
    }

    private async Task<string> StartAsync(CloudTrailEvent change, EscalationPolicySet plan)
    {
        string id = InstanceIds.ForEvent(change.EventId);
        await Client.ScheduleNewOrchestrationInstanceAsync(nameof(ChangeOrchestration), TestInputs.For(change, plan, FastRetry), new Microsoft.DurableTask.StartOrchestrationOptions(id));
        return id;
    }

    private async Task<ChangeResult> CompletedAsync(string id)
    {
        using var cts = new CancellationTokenSource(Patience);
        OrchestrationMetadata meta = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cts.Token);
        Assert.True(meta.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{id} ended {meta.RuntimeStatus}: {meta.FailureDetails?.ErrorMessage}");
        return meta.ReadOutputAs<ChangeResult>()!;
    }

    [Fact]
    public async Task RunAsync_RecordingFailsForGood_AlertsAsProcessingFailureAndEscalates()
    {
        // The store refuses this change's alert on every attempt (as Table Storage refused a 112k-character
        // property): the change must still alert, at least High, and be notified — never vanish.
        CloudTrailEvent change = Some.Change("UpdateService");
        string expected = InstanceIds.ForEvent(change.EventId);
        Func<AlertRecord, bool>? before = fixture.Store.RefuseAlert;
        fixture.Store.RefuseAlert = a => a.AlertId == expected && !a.Title.StartsWith(ProcessingFailure.TitlePrefix, StringComparison.Ordinal);
        try
        {
            string id = await StartAsync(change, Plan(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));

            ChangeResult result = await CompletedAsync(id);
            Assert.True(result.ProcessingFailed);
            Assert.Equal((AlertStatus.Unacknowledged, 2), (result.Status, result.TierReached));
            AlertRecord alert = (await fixture.Store.GetAlertAsync(id))!;
            Assert.StartsWith(ProcessingFailure.TitlePrefix + ": Medium: UpdateService", alert.Title, StringComparison.Ordinal);
            Assert.True(alert.Severity >= Severity.High, $"{alert.Severity}");
            Assert.Contains(alert.Reasons, r => r.Contains("PropertyValueTooLarge", StringComparison.Ordinal));
            Assert.Contains(await fixture.Store.GetTimelineAsync(id), t => t.Kind == TimelineKinds.ProcessingFailed);
            AlertNotification sent = await fixture.Channel.WaitForTierAsync(id, 1, Patience);
            Assert.StartsWith(ProcessingFailure.TitlePrefix, sent.Verdict.Title, StringComparison.Ordinal);
        }
        finally
        {
            fixture.Store.RefuseAlert = before;
        }
    }

    private static EscalationPolicySet Plan(params TimeSpan[] tiers) => Some.Escalation(tiers);
}
