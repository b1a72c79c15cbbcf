using EcsRtma.Ingestion;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace EcsRtma.Functions.Triggers;

/// <summary>Every minute, long-polls the SQS change queue for most of the minute (Drain:MaxRunDuration) and starts one orchestration per change.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The function's name is a verb phrase from the design: drain the change queue.")]
public sealed class DrainChangeQueue(ChangeQueueDrainer drainer, EcsRtma.Core.Ports.ChangeQueues queues)
{
    public const string Schedule = "0 */1 * * * *";

    [Function(nameof(DrainChangeQueue))]
    public Task<DrainReport> RunAsync(
        [TimerTrigger(Schedule)] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) => drainer.DrainAllAsync(client, queues, cancellationToken);
}
