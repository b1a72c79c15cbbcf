using System.Collections.Concurrent;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;
using EcsRtma.Testing;
using EcsRtma.Workflow.Drain;
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
    public async Task DrainAsync_SeveralReceivers_StartEveryChangeExactlyOnce()
    {
        var queue = new ScriptedQueue(Enumerable.Range(0, 45).Select(_ => Some.EventBridgeMessage(Guid.NewGuid().ToString(), "DescribeServices")));
        DrainReport report = await Drainer(queue, new DrainOptions { Receivers = 4, StopWhenEmpty = true, ReceiveWait = TimeSpan.Zero }, fixture.Store).DrainAsync(fixture.Host.Client, CancellationToken.None);

        Assert.Equal((45, 45, 0, 45), (report.Received, report.Started, report.Duplicates, report.Deleted));
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

        DrainReport report = await Drainer(queue, options, store).DrainAsync(fixture.Host.Client, CancellationToken.None);

        Assert.Equal(2, report.Rejected);
        Assert.True(report.VisibilityCalls >= 2, $"visibility extended {report.VisibilityCalls} times");
        Assert.All(queue.Extensions, e => Assert.Equal((2, TimeSpan.FromSeconds(30)), (e.Count, e.By)));
        Assert.Empty(queue.Deleted); // rejected messages are left for the dead-letter queue
    }

    private static ChangeQueueDrainer Drainer(IChangeQueueClient queue, DrainOptions options, IAlertStore store) => new(
        queue, store, Options.Create(options), TestInputs.Classifier, Options.Create(new EscalationOptions()), TimeProvider.System, new EcsRtmaMetrics(), NullLogger<ChangeQueueDrainer>.Instance);

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

    private sealed class SlowRejectStore(Task release) : DelegatingAlertStore(new InMemoryAlertStore())
    {
        public override async Task RecordRejectedAsync(RejectedMessage message, CancellationToken cancellationToken = default)
        {
            await release.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            await Inner.RecordRejectedAsync(message, cancellationToken);
        }
    }
}
