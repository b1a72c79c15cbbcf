using System.Collections.Concurrent;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Events;
using EcsRtma.Core.Ports;
using EcsRtma.Ingestion;
using EcsRtma.Testing;
using EcsRtma.Workflow.Contracts;
using EcsRtma.Workflow.Orchestrations;
using EcsRtma.Workflow.Settings;
using EcsRtma.Workflow.Telemetry;
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
        DrainReport report = await Drainer(queue, new DrainOptions { Receivers = 4, StopWhenEmpty = true, ReceiveWait = TimeSpan.Zero }, fixture.Store).DrainAsync(fixture.Host.Client, CancellationToken.None);

        Assert.Equal((45, 30, 15, 0, 45), (report.Received, report.Started, report.Recorded, report.Duplicates, report.Deleted));
        Assert.All(reads, id => Assert.Equal(Core.Findings.Outcome.Ignored, fixture.Store.Changes[id].Outcome));
        foreach (string id in reads)
        {
            Assert.Null(await fixture.Host.Client.GetInstanceAsync(InstanceIds.ForEvent(id)));
        }

        Assert.Equal(45, queue.Deleted.Count);
        Assert.True(queue.MaxConcurrentReceives > 1, "receives never overlapped");
        Assert.Equal(report.ReceiveCalls + report.DeleteCalls, report.SqsCalls);
    }

    [Fact]
    public async Task DrainAsync_SlowBatch_KeepsItsMessagesInvisibleUntilHandled()
    {
        // Malformed messages make the drain record them; the store holds that until the queue has
        // seen two visibility extensions (or 30 s pass), so the batch is "slow" without timing guesses.
        var queue = new ScriptedQueue(["{bad 1", "{bad 2"]);
        var store = new SlowRejectStore(queue.TwoExtensions.Task);
        var options = new DrainOptions { Receivers = 1, StopWhenEmpty = true, ReceiveWait = TimeSpan.Zero, ExtendVisibilityAfter = TimeSpan.FromSeconds(1), VisibilityExtension = TimeSpan.FromSeconds(30) };

        DrainReport report = await Drainer(queue, options, fixture.Store, store).DrainAsync(fixture.Host.Client, CancellationToken.None);

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
        DrainReport report = await Drainer(queue, new DrainOptions { Receivers = 1, StopWhenEmpty = true, ReceiveWait = TimeSpan.Zero }, fixture.Store).DrainAsync(fixture.Host.Client, CancellationToken.None);

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

    private static ChangeQueueDrainer Drainer(IChangeQueueClient queue, DrainOptions options, InMemoryAlertStore store, IRejectionLog? rejections = null) => Drainer(queue, options, (IChangeLog)store, rejections ?? store);

    private static ChangeQueueDrainer Drainer(IChangeQueueClient queue, DrainOptions options, IChangeLog changes, IRejectionLog rejections) => new(
        queue, changes, rejections, Options.Create(options), TestInputs.Classifier, Options.Create(new EscalationOptions()), TimeProvider.System, new EcsRtmaMetrics(),
        new FailedChangeReconciler(rejections, Options.Create(options), TimeProvider.System, NullLogger<FailedChangeReconciler>.Instance), NullLogger<ChangeQueueDrainer>.Instance);

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
