using EcsRtma.Core.Ports;
using EcsRtma.Workflow.Settings;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace EcsRtma.Functions.Triggers;

/// <summary>Daily at 03:30 UTC: deletes closed alerts, changes and rejected messages older than Retention:Days.</summary>
public sealed class PurgeExpired(IRetentionStore store, IOptions<RetentionOptions> retention, TimeProvider time)
{
    public const string Schedule = "0 30 3 * * *";

    [Function(nameof(PurgeExpired))]
    public Task<int> RunAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        store.PurgeAsync(time.GetUtcNow().AddDays(-retention.Value.Days), cancellationToken);
}
