using Amazon.SQS;
using Amazon.SQS.Model;
using Azure.Data.Tables;
using EcsRtma.Infrastructure.Aws;
using Microsoft.Extensions.Options;

namespace EcsRtma.Infrastructure;

/// <summary>Probes the dependencies the drain needs, with a short timeout each. Never includes secrets in its answer.</summary>
public sealed class HealthProbe(TableServiceClient tables, IAmazonSQS sqs, IOptions<SqsOptions> sqsOptions)
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
        return new HealthReport(components.All(c => c.Healthy), components);
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
