using Amazon.SQS.Model;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;
using EcsRtma.Infrastructure.Aws;
using EcsRtma.Ingestion;
using EcsRtma.Testing;
using EcsRtma.Workflow;
using Microsoft.Extensions.DependencyInjection;

namespace EcsRtma.Integration.Tests;

/// <summary>Several queues (accounts or regions without a central bus): each drained with its own settings, account and region carried on every record.</summary>
public sealed class MultiQueueTests
{
    [Fact]
    public async Task AdditionalQueues_AreDrainedInTheSameRun_WithTheirOwnReceivers_AndAccountAndRegionKept()
    {
        string second = "ecs-changes-b-" + Guid.NewGuid().ToString("N")[..8];
        await using Pipeline probe = await Pipeline.StartAsync(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));
        QueueUrls other = await SqsQueueProvisioner.EnsureAsync(probe.Sqs, second, 3, TimeSpan.FromSeconds(30));
        await using Pipeline p = await Pipeline.StartAsync(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), settings: new Dictionary<string, string?>
        {
            ["Sqs:AdditionalQueues:0:QueueUrl"] = other.QueueUrl,
            ["Sqs:AdditionalQueues:0:Region"] = "eu-central-1",
            ["Sqs:AdditionalQueues:0:Receivers"] = "1",
        });

        string inPrimary = Guid.NewGuid().ToString();
        string inSecond = Guid.NewGuid().ToString();
        await p.Sqs.SendMessageAsync(new SendMessageRequest(p.Queues.QueueUrl, Some.EventBridgeMessage(inPrimary, "DeleteService")));
        await p.Sqs.SendMessageAsync(new SendMessageRequest(other.QueueUrl, Some.EventBridgeMessage(inSecond, "DeleteService")
            .Replace("111122223333", "444455556666", StringComparison.Ordinal).Replace("eu-west-1", "eu-central-1", StringComparison.Ordinal)));

        ChangeQueues queues = p.Host.Services.GetRequiredService<ChangeQueues>();
        Assert.Equal([null, 1], queues.All.Select(q => q.Receivers));
        Assert.Equal(second, queues.All[1].Client.Name);
        DrainReport report = await p.Drainer.DrainAllAsync(p.Host.Client, queues, CancellationToken.None);

        Assert.Equal((2, 2, 2), (report.Received, report.Started, report.Deleted));
        AlertRecord a = await WaitForAlertAsync(p, inPrimary);
        AlertRecord b = await WaitForAlertAsync(p, inSecond);
        Assert.Equal(("111122223333", "eu-west-1"), (a.AccountId, a.Region));
        Assert.Equal(("444455556666", "eu-central-1"), (b.AccountId, b.Region));
    }

    private static async Task<AlertRecord> WaitForAlertAsync(Pipeline p, string eventId)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (await p.Store.GetAlertAsync(InstanceIds.ForEvent(eventId)) is { } alert)
            {
                return alert;
            }

            await Task.Delay(100, cts.Token);
        }
    }
}
