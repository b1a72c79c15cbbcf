using System.Collections.Concurrent;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Escalation;
using EcsRtma.Core.Events;
using EcsRtma.Core.Ports;
using EcsRtma.Ingestion;
using EcsRtma.Testing;
using EcsRtma.Workflow.Activities;
using EcsRtma.Workflow.Contracts;
using EcsRtma.Workflow.Orchestrations;
using EcsRtma.Workflow.Settings;
using EcsRtma.Workflow.Telemetry;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EcsRtma.Workflow.Tests;

/// <summary>
/// The drain's concurrency and visibility handling, with a scripted queue (a fake of our own port;
/// the real SQS path is covered against fauxqs in the integration suite).
/// </summary>
public sealed class ChangeQueueDrainerTests(WorkflowHostFixture fixture) : IClassFixture<WorkflowHostFixture>
{
    [Fact]
    public async Task DrainAsync_SeveralReceivers_HandleEveryChangeExactlyOnce()
    {
        // 30 changes that alert (one orchestration each) and 15 read-only calls (recorded by the drain, no orchestration).
        string[] alerting = [.. Enumerable.Range(0, 30).Select(_ => Guid.NewGuid().ToString())];
        string[] reads = [.. Enumerable.Range(0, 15).Select(_ => Guid.NewGuid().ToString())];
        var queue = new ScriptedQueue([.. alerting.Select(id => Some.EventBridgeMessage(id, "UpdateService")), .. reads.Select(id => Some.EventBridgeMessage(id, "DescribeServices"))]);
        DrainReport report = await Drainer(queue, new DrainOptions { Receivers = 4, StopWhenEmpty = true, ReceiveWait = TimeSpan.Zero }).DrainAsync(fixture.Host.Client, CancellationToken.None);

        Assert.Equal((45, 30, 15, 0, 45), (report.Received, report.Started, report.Recorded, report.Duplicates, report.Deleted));
        Assert.Equal((30, 0), (report.FirstTierNotified, report.FirstTierDeferred));
        Assert.All(reads, id => Assert.Equal(Core.Findings.Outcome.Ignored, fixture.Store.Changes[id].Outcome));
        foreach (string id in reads)
        {
            Assert.Null(await fixture.Host.Client.GetInstanceAsync(InstanceIds.ForEvent(id)));
        }

        Assert.Equal(45, queue.Deleted.Count);
        Assert.True(queue.MaxConcurrentReceives > 1, "receives never overlapped");
        Assert.Equal(report.ReceiveCalls + report.DeleteCalls, report.SqsCalls);

        // The drain opened each alert before starting its orchestration, and handed it the opening:
        // the orchestration goes straight to notifying, with no activity to record it again.
        foreach (string id in alerting)
        {
            Assert.NotNull(await fixture.Store.GetAlertAsync(InstanceIds.ForEvent(id)));
            OrchestrationMetadata? started = await fixture.Host.Client.GetInstanceAsync(InstanceIds.ForEvent(id), getInputsAndOutputs: true);
            AlertOpening? opening = started!.ReadInputAs<ChangeInput>()!.Opening;
            Assert.Equal((OpeningKind.Opened, InstanceIds.ForEvent(id)), (opening?.Kind, opening?.AlertId));
            Assert.Equal("default", opening!.Plan!.Policy);
        }
    }

    [Fact]
    public async Task DrainAsync_BurstOfOnePrincipal_OneOrchestrationAndTheRestJoinItsAlert()
    {
        // Five changes by one principal on one cluster within the grouping window: the first opens the
        // alert (the only orchestration); the drain joins the other four to it, with no durable work.
        string cluster = "burst-" + Guid.NewGuid().ToString("N")[..8];
        string[] ids = [.. Enumerable.Range(0, 5).Select(_ => Guid.NewGuid().ToString())];
        var queue = new ScriptedQueue([.. ids.Select(id => Some.EventBridgeMessage(id, "UpdateService").Replace("payments-prod", cluster, StringComparison.Ordinal))]);
        EscalationPolicySet grouping = Some.Escalation(TimeSpan.FromMinutes(15));
        grouping.GroupingWindow = TimeSpan.FromMinutes(10);

        DrainReport report = await Drainer(queue, new DrainOptions { Receivers = 1, StopWhenEmpty = true, ReceiveWait = TimeSpan.Zero }, escalation: grouping).DrainAsync(fixture.Host.Client, CancellationToken.None);

        Assert.Equal((5, 1, 4, 0, 5), (report.Received, report.Started, report.Recorded, report.Duplicates, report.Deleted));
        var leaders = new List<string>();
        foreach (string id in ids)
        {
            if (await fixture.Host.Client.GetInstanceAsync(InstanceIds.ForEvent(id)) is not null)
            {
                leaders.Add(InstanceIds.ForEvent(id));
            }
        }

        string leader = Assert.Single(leaders);
        Assert.Equal(5, (await fixture.Store.GetAlertAsync(leader))!.ChangeCount);
        Assert.Equal(4, (await fixture.Store.GetTimelineAsync(leader)).Count(t => t.Kind == TimelineKinds.Joined));
        await AlertedAsync(leader);
    }

    [Fact]
    public async Task DrainAsync_RecordingFailsInTheDrain_TheOrchestrationRecordsAndAlertsIt()
    {
        // The store refuses the drain's attempt to open the alert (a storage fault); the change is not
        // lost: its orchestration starts without an opening and records it itself.
        string eventId = Guid.NewGuid().ToString();
        string instance = InstanceIds.ForEvent(eventId);
        int attempts = 0;
        fixture.Store.RefuseAlert = a => a.AlertId == instance && Interlocked.Increment(ref attempts) == 1;
        try
        {
            var queue = new ScriptedQueue([Some.EventBridgeMessage(eventId, "UpdateService")]);
            DrainReport report = await Drainer(queue, new DrainOptions { Receivers = 1, StopWhenEmpty = true, ReceiveWait = TimeSpan.Zero }).DrainAsync(fixture.Host.Client, CancellationToken.None);

            Assert.Equal((1, 0, 1), (report.Started, report.Failed, report.Deleted));
            OrchestrationMetadata? started = await fixture.Host.Client.GetInstanceAsync(instance, getInputsAndOutputs: true);
            Assert.Null(started!.ReadInputAs<ChangeInput>()!.Opening);
            await AlertedAsync(instance);
            Assert.Equal(2, attempts);
        }
        finally
        {
            fixture.Store.RefuseAlert = null;
        }
    }

    [Fact]
    public async Task DrainAsync_SlowBatch_KeepsItsMessagesInvisibleUntilHandled()
    {
        // Malformed messages make the drain record them; the store holds that until the queue has
        // seen two visibility extensions (or 30 s pass), so the batch is "slow" without timing guesses.
        var queue = new ScriptedQueue(["{bad 1", "{bad 2"]);
        var store = new SlowRejectStore(queue.TwoExtensions.Task);
        var options = new DrainOptions { Receivers = 1, StopWhenEmpty = true, ReceiveWait = TimeSpan.Zero, ExtendVisibilityAfter = TimeSpan.FromSeconds(1), VisibilityExtension = TimeSpan.FromSeconds(30) };

        DrainReport report = await Drainer(queue, options, store).DrainAsync(fixture.Host.Client, CancellationToken.None);

        Assert.Equal(2, report.Rejected);
        Assert.True(report.VisibilityCalls >= 2, $"visibility extended {report.VisibilityCalls} times");
        Assert.All(queue.Extensions, e => Assert.Equal((2, TimeSpan.FromSeconds(30)), (e.Count, e.By)));
        Assert.Empty(queue.Deleted); // rejected messages are left for the dead-letter queue
    }

    [Fact]
    public async Task DrainAsync_EventWhoseInstanceFailed_StartsItAgainNeverADuplicate()
    {
        string eventId = Guid.NewGuid().ToString();
        string instance = await FailedInstanceAsync(eventId);

        var queue = new ScriptedQueue([Some.EventBridgeMessage(eventId, "UpdateService")]);
        DrainReport report = await Drainer(queue, new DrainOptions { Receivers = 1, StopWhenEmpty = true, ReceiveWait = TimeSpan.Zero }).DrainAsync(fixture.Host.Client, CancellationToken.None);

        Assert.Equal((1, 1, 0, 1), (report.Started, report.Redriven, report.Duplicates, report.Deleted));
        await AlertedAsync(instance);
    }

    [Fact]
    public async Task ReconcileAsync_FailedChangeInstance_RunsItAgainWithItsOwnInput()
    {
        string instance = await FailedInstanceAsync(Guid.NewGuid().ToString());

        var reconciler = new FailedChangeReconciler(fixture.Store, Options.Create(new DrainOptions()), TimeProvider.System, NullLogger<FailedChangeReconciler>.Instance);
        int redriven = await reconciler.ReconcileAsync(fixture.Host.Client, CancellationToken.None);

        Assert.True(redriven >= 1, $"re-drove {redriven}");
        await AlertedAsync(instance);
        Microsoft.DurableTask.Client.OrchestrationMetadata? again = await fixture.Host.Client.GetInstanceAsync(instance, getInputsAndOutputs: true);
        Assert.Equal(2, again!.ReadInputAs<ChangeInput>()!.Attempt);
    }

    [Fact]
    public async Task DrainAsync_StartFailsAfterTheDrainOpenedTheAlert_TheRedeliveryStartsItOnce()
    {
        // The drain opens the alert, then cannot start its orchestration (the task hub is unreachable):
        // the message stays on the queue. Delivered again, the change is recorded again (which changes
        // nothing) and its orchestration starts: one alert, opened once, notified once.
        string eventId = Guid.NewGuid().ToString();
        string instance = InstanceIds.ForEvent(eventId);
        var options = new DrainOptions { Receivers = 1, StopWhenEmpty = true, ReceiveWait = TimeSpan.Zero };
        await using var unreachable = new UnreachableClient(fixture.Host.Client, failStart: true);

        var first = new ScriptedQueue([Some.EventBridgeMessage(eventId, "UpdateService")]);
        DrainReport failed = await Drainer(first, options).DrainAsync(unreachable, CancellationToken.None);

        Assert.Equal((1, 0, 0), (failed.Failed, failed.Started, failed.Deleted));
        Assert.Empty(first.Deleted);
        Assert.NotNull(await fixture.Store.GetAlertAsync(instance));
        Assert.Null(await fixture.Host.Client.GetInstanceAsync(instance));

        var again = new ScriptedQueue([Some.EventBridgeMessage(eventId, "UpdateService")]);
        DrainReport redelivered = await Drainer(again, options).DrainAsync(fixture.Host.Client, CancellationToken.None);

        Assert.Equal((1, 0, 1), (redelivered.Started, redelivered.Duplicates, redelivered.Deleted));
        await AlertedAsync(instance);
        Assert.Single(fixture.Channel.Sent, n => n.AlertId == instance);
        Assert.Single(await fixture.Store.GetTimelineAsync(instance), t => t.Kind == TimelineKinds.Opened);
        Assert.Equal(1, (await fixture.Store.GetAlertAsync(instance))!.ChangeCount);
    }

    [Fact]
    public async Task DrainAsync_OpenedAlert_TheDrainNotifiesTierOne_TheOrchestrationWaitsForItsDeadlineAndEscalates()
    {
        // The first notification is sent by the drain, before the orchestration exists (here it never
        // starts: the task hub is unreachable). Started on redelivery, the orchestration does not send
        // tier 1 again; it waits for the deadline the drain set, then escalates to tier 2.
        string eventId = Guid.NewGuid().ToString();
        string instance = InstanceIds.ForEvent(eventId);
        var options = new DrainOptions { Receivers = 1, StopWhenEmpty = true, ReceiveWait = TimeSpan.Zero };
        EscalationPolicySet ladder = Some.Escalation(TimeSpan.FromSeconds(3), TimeSpan.FromMinutes(15));
        await using var unreachable = new UnreachableClient(fixture.Host.Client, failStart: true);

        DateTimeOffset before = DateTimeOffset.UtcNow;
        await Drainer(new ScriptedQueue([Some.EventBridgeMessage(eventId, "UpdateService")]), options, escalation: ladder).DrainAsync(unreachable, CancellationToken.None);
        AlertNotification first = Assert.Single(fixture.Channel.Sent, n => n.AlertId == instance);
        Assert.Equal(1, first.Tier);
        Assert.Null(await fixture.Host.Client.GetInstanceAsync(instance));

        DrainReport started = await Drainer(new ScriptedQueue([Some.EventBridgeMessage(eventId, "UpdateService")]), options, escalation: ladder).DrainAsync(fixture.Host.Client, CancellationToken.None);
        Assert.Equal(1, started.Started);
        FirstTierNotice? notice = (await fixture.Host.Client.GetInstanceAsync(instance, getInputsAndOutputs: true))!.ReadInputAs<ChangeInput>()!.FirstTier;
        Assert.Equal(["webhook"], notice!.Channels);
        Assert.InRange(notice.Deadline, before + TimeSpan.FromSeconds(3), DateTimeOffset.UtcNow + TimeSpan.FromSeconds(3));

        AlertNotification second = await fixture.Channel.WaitForTierAsync(instance, 2, TimeSpan.FromSeconds(60));
        Assert.Equal(2, second.Tier);
        Assert.Single(fixture.Channel.Sent, n => n.AlertId == instance && n.Tier == 1);
        Assert.Single(await fixture.Store.GetTimelineAsync(instance), t => t.Kind == TimelineKinds.Notified && t.Tier == 1);
    }

    [Fact]
    public async Task DrainAsync_FirstTierChannelFailsInTheDrain_TheOrchestrationDeliversIt()
    {
        // Two channels in tier 1: chat delivers from the drain; the webhook's outage makes the drain
        // leave it to the orchestration, whose retry delivers it. Each is sent once.
        string eventId = Guid.NewGuid().ToString();
        string instance = InstanceIds.ForEvent(eventId);
        EscalationPolicySet twoChannels = EscalationPolicySet.OfTiers([new EscalationTierSpec { Channels = ["webhook", "chat"], AckTimeout = TimeSpan.FromMinutes(15) }]);
        twoChannels.GroupingWindow = TimeSpan.Zero;
        fixture.Channel.FailNext(1);

        DrainReport report = await Drainer(new ScriptedQueue([Some.EventBridgeMessage(eventId, "UpdateService")]), new DrainOptions { Receivers = 1, StopWhenEmpty = true, ReceiveWait = TimeSpan.Zero }, escalation: twoChannels)
            .DrainAsync(fixture.Host.Client, CancellationToken.None);

        Assert.Equal((1, 1), (report.Started, report.Deleted));
        Assert.Equal((0, 1), (report.FirstTierNotified, report.FirstTierDeferred));
        Assert.Equal(["chat"], (await fixture.Host.Client.GetInstanceAsync(instance, getInputsAndOutputs: true))!.ReadInputAs<ChangeInput>()!.FirstTier!.Channels);
        await AlertedAsync(instance);
        Assert.Single(fixture.Chat.Sent, n => n.AlertId == instance);
        Assert.Single(fixture.Channel.Sent, n => n.AlertId == instance);
        DeliveryRecord webhook = Assert.Single(await fixture.Store.GetDeliveriesAsync(instance), d => d.Channel == "webhook");
        Assert.Equal((2, "delivered"), (webhook.Attempts, webhook.LastResult));
    }

    [Fact]
    public async Task DrainAsync_FirstTierChannelRefusesInTheDrain_NotRetried_ItsFallbackDelivers()
    {
        // A permanent refusal (HTTP 400) in the drain is not tried again by the orchestration: the
        // failure goes on the timeline and the tier's fallback channel delivers.
        string eventId = Guid.NewGuid().ToString();
        string instance = InstanceIds.ForEvent(eventId);
        EscalationPolicySet withFallback = EscalationPolicySet.OfTiers([new EscalationTierSpec { Channels = ["webhook"], Fallback = ["chat"], AckTimeout = TimeSpan.FromMinutes(15) }]);
        withFallback.GroupingWindow = TimeSpan.Zero;
        int attemptsBefore = fixture.Channel.Attempts;
        fixture.Channel.RefuseNext(1);

        await Drainer(new ScriptedQueue([Some.EventBridgeMessage(eventId, "UpdateService")]), new DrainOptions { Receivers = 1, StopWhenEmpty = true, ReceiveWait = TimeSpan.Zero }, escalation: withFallback)
            .DrainAsync(fixture.Host.Client, CancellationToken.None);

        FirstTierNotice notice = (await fixture.Host.Client.GetInstanceAsync(instance, getInputsAndOutputs: true))!.ReadInputAs<ChangeInput>()!.FirstTier!;
        Assert.Empty(notice.Channels);
        Assert.Contains("simulated refusal", notice.Refused["webhook"], StringComparison.Ordinal);
        await fixture.Chat.WaitForTierAsync(instance, 1, TimeSpan.FromSeconds(60));
        IReadOnlyList<TimelineEntry> timeline = await fixture.Store.GetTimelineAsync(instance);
        Assert.Contains(timeline, t => t.Kind == TimelineKinds.DeliveryFailed && t.Channel == "webhook" && t.Message.Contains("simulated refusal", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t.Kind == TimelineKinds.Fallback);
        Assert.Equal(attemptsBefore + 1, fixture.Channel.Attempts);
        Assert.DoesNotContain(fixture.Channel.Sent, n => n.AlertId == instance);
    }

    [Fact]
    public async Task DrainAsync_TwoCopiesOfOneMessageInOneBatch_OneNotification()
    {
        // SQS can hand out two copies of a message at once: the second waits for the first, then is a duplicate.
        string eventId = Guid.NewGuid().ToString();
        string instance = InstanceIds.ForEvent(eventId);
        string body = Some.EventBridgeMessage(eventId, "UpdateService");

        DrainReport report = await Drainer(new ScriptedQueue([body, body]), new DrainOptions { Receivers = 1, StopWhenEmpty = true, ReceiveWait = TimeSpan.Zero })
            .DrainAsync(fixture.Host.Client, CancellationToken.None);

        Assert.Equal((1, 1, 2), (report.Started, report.Duplicates, report.Deleted));
        await AlertedAsync(instance);
        Assert.Single(fixture.Channel.Sent, n => n.AlertId == instance);
    }

    [Fact]
    public async Task DrainAsync_NotifyFirstTierOff_TheOrchestrationNotifies()
    {
        string eventId = Guid.NewGuid().ToString();
        string instance = InstanceIds.ForEvent(eventId);

        await Drainer(new ScriptedQueue([Some.EventBridgeMessage(eventId, "UpdateService")]), new DrainOptions { Receivers = 1, StopWhenEmpty = true, ReceiveWait = TimeSpan.Zero, NotifyFirstTier = false })
            .DrainAsync(fixture.Host.Client, CancellationToken.None);

        Assert.Null((await fixture.Host.Client.GetInstanceAsync(instance, getInputsAndOutputs: true))!.ReadInputAs<ChangeInput>()!.FirstTier);
        await AlertedAsync(instance);
        Assert.Single(fixture.Channel.Sent, n => n.AlertId == instance);
    }

    /// <summary>An instance that ended Failed: the store refused its alert and its failure alert (storage down past every retry).</summary>
    private async Task<string> FailedInstanceAsync(string eventId)
    {
        CloudTrailEvent change = CloudTrailParser.Parse(Some.EventBridgeMessage(eventId, "UpdateService")).Event!;
        string instance = InstanceIds.For(change);
        fixture.Store.RefuseAlert = a => a.AlertId == instance;
        try
        {
            await fixture.Host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ChangeOrchestration),
                TestInputs.For(change, Some.Escalation(TimeSpan.FromSeconds(1)), new DeliveryRetry(1, TimeSpan.FromMilliseconds(50))), new Microsoft.DurableTask.StartOrchestrationOptions(instance));
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            Microsoft.DurableTask.Client.OrchestrationMetadata failed = await fixture.Host.Client.WaitForInstanceCompletionAsync(instance, cts.Token);
            Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        }
        finally
        {
            fixture.Store.RefuseAlert = null;
        }

        return instance;
    }

    private async Task AlertedAsync(string instance)
    {
        AlertNotification notified = await fixture.Channel.WaitForTierAsync(instance, 1, TimeSpan.FromSeconds(60));
        Assert.Equal(instance, notified.AlertId);
        Assert.NotNull(await fixture.Store.GetAlertAsync(instance));
    }

    /// <summary>
    /// The drain over the fixture's store. Its policy, unless given: one 15-minute webhook tier and no
    /// grouping (every alerting change opens its own alert; the changes of these tests share a principal).
    /// </summary>
    private ChangeQueueDrainer Drainer(IChangeQueueClient queue, DrainOptions options, IRejectionLog? rejections = null, EscalationPolicySet? escalation = null)
    {
        rejections ??= fixture.Store;
        var metrics = new EcsRtmaMetrics();
        var recorder = new RecordChange(fixture.Store, fixture.Store, fixture.Store, TimeProvider.System, metrics, escalation ?? Some.Escalation(TimeSpan.FromMinutes(15)));
        return new(
            queue, fixture.Store, rejections, Options.Create(options), TestInputs.Classifier, recorder,
            new FirstTierNotifier(fixture.Deliverer(), Options.Create(options), TimeProvider.System, metrics, NullLogger<FirstTierNotifier>.Instance), Options.Create(new EscalationOptions()), TimeProvider.System, metrics,
            new FailedChangeReconciler(rejections, Options.Create(options), TimeProvider.System, NullLogger<FailedChangeReconciler>.Instance),
            new ChannelOutageMonitor(fixture.Store, Options.Create(new ChannelOptions()), Options.Create(new EscalationOptions()), TimeProvider.System, NullLogger<ChannelOutageMonitor>.Instance),
            new EventCollisions(fixture.Store, rejections, TimeProvider.System, NullLogger<EventCollisions>.Instance), NullLogger<ChangeQueueDrainer>.Instance);
    }

    private sealed class ScriptedQueue(IEnumerable<string> bodies) : IChangeQueueClient
    {
        private readonly ConcurrentQueue<QueueMessage> _ready = new(bodies.Select((b, i) => new QueueMessage($"m{i}", $"r{i}", b, 1)));
        private int _receiving;

        public string Name => "scripted";

        public ConcurrentBag<string> Deleted { get; } = [];

        public ConcurrentBag<(int Count, TimeSpan By)> Extensions { get; } = [];

        public int MaxConcurrentReceives { get; private set; }

        public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int maxMessages, TimeSpan wait, CancellationToken cancellationToken)
        {
            int now = Interlocked.Increment(ref _receiving);
            MaxConcurrentReceives = Math.Max(MaxConcurrentReceives, now);
            await Task.Delay(20, cancellationToken); // a network round trip
            var batch = new List<QueueMessage>();
            while (batch.Count < maxMessages && _ready.TryDequeue(out QueueMessage? m))
            {
                batch.Add(m);
            }

            Interlocked.Decrement(ref _receiving);
            return batch;
        }

        public TaskCompletionSource TwoExtensions { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task ExtendVisibilityAsync(IReadOnlyList<QueueMessage> messages, TimeSpan visibility, CancellationToken cancellationToken)
        {
            Extensions.Add((messages.Count, visibility));
            if (Extensions.Count >= 2)
            {
                TwoExtensions.TrySetResult();
            }

            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<string>> DeleteAsync(IReadOnlyList<QueueMessage> messages, CancellationToken cancellationToken)
        {
            foreach (QueueMessage m in messages)
            {
                Deleted.Add(m.MessageId);
            }

            return Task.FromResult<IReadOnlyList<string>>([]);
        }
    }

    private sealed class SlowRejectStore(Task release) : IRejectionLog
    {
        private readonly InMemoryAlertStore _inner = new();

        public async Task RecordRejectedAsync(RejectedMessage message, CancellationToken cancellationToken = default)
        {
            await release.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            await _inner.RecordRejectedAsync(message, cancellationToken);
        }
    }
}
