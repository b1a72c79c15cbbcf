using Amazon.SQS;
using Amazon.SQS.Model;
using Azure.Data.Tables;
using EcsRtma.Core.Ports;
using EcsRtma.Infrastructure.Aws;
using Microsoft.Extensions.Options;

namespace EcsRtma.Infrastructure;

/// <summary>
/// Probes the dependencies the drain needs, with a short timeout each, and reads what the deliveries
/// found about the channels (a channel down makes the app degraded, not unhealthy: alerts are held and
/// retried, not lost). Never includes secrets in its answer.
/// </summary>
public sealed class HealthProbe(TableServiceClient tables, IAmazonSQS sqs, IOptions<SqsOptions> sqsOptions, IChannelHealthStore? channels = null, IOptions<ChannelOptions>? channelOptions = null, TimeProvider? time = null)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        ComponentHealth[] components = await Task.WhenAll(
            ProbeAsync("tableStorage", async ct =>
            {
                await foreach (var _ in tables.QueryAsync(maxPerPage: 1, cancellationToken: ct).AsPages(pageSizeHint: 1).WithCancellation(ct))
                {
                    break;
                }
            }, cancellationToken),
            ProbeAsync("sqsQueue", async ct =>
            {
                await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
                {
                    QueueUrl = sqsOptions.Value.QueueUrl.ToString(),
                    AttributeNames = ["ApproximateNumberOfMessages"],
                }, ct);
            }, cancellationToken));
        bool healthy = components.All(c => c.Healthy);
        IReadOnlyList<ChannelOutage> down = await ChannelsDownAsync(cancellationToken);
        return new HealthReport(healthy, components)
        {
            Status = !healthy ? "unhealthy" : down.Count > 0 ? "degraded" : "healthy",
            ChannelsDown = down,
        };
    }

    private async Task<IReadOnlyList<ChannelOutage>> ChannelsDownAsync(CancellationToken cancellationToken)
    {
        if (channels is null)
        {
            return [];
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            DateTimeOffset now = (time ?? TimeProvider.System).GetUtcNow();
            TimeSpan after = channelOptions?.Value.OutageAfter ?? TimeSpan.FromMinutes(2);
            return [.. (await channels.GetChannelStatesAsync(timeout.Token))
                .Where(c => c.FailingSince is { } since && now - since >= after)
                .Select(c => new ChannelOutage(c.Channel, c.FailingSince!.Value, c.LastError, c.OutageAlertId))];
        }
        catch (Exception ex) when (ex is not OperationCanceledException || timeout.IsCancellationRequested)
        {
            return []; // Table Storage's own probe already says whether it is reachable
        }
    }

    private static async Task<ComponentHealth> ProbeAsync(string name, Func<CancellationToken, Task> probe, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await probe(timeout.Token);
            return new ComponentHealth(name, true, "reachable");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || timeout.IsCancellationRequested)
        {
            return new ComponentHealth(name, false, ex is OperationCanceledException ? $"no answer within {Timeout.TotalSeconds:0} s" : ex.GetType().Name);
        }
    }
}
