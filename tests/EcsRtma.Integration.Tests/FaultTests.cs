using Amazon.SQS.Model;
using EcsRtma.Core.Alerts;
using EcsRtma.Infrastructure.Aws;
using EcsRtma.Ingestion;
using EcsRtma.Testing;
using EcsRtma.Workflow;

namespace EcsRtma.Integration.Tests;

/// <summary>Emulators of their own (profile "fault"), so the tests can restart them without disturbing the rest of the suite.</summary>
public sealed class FaultEmulators : IAsyncLifetime
{
    public string Storage { get; private set; } = string.Empty;

    public Uri Sqs { get; private set; } = null!;

    public Task InitializeAsync()
    {
        (Storage, Sqs) = Emulators.Start("fault");
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Emulators.Script("stop", "fault");
        return Task.CompletedTask;
    }

    public static void Restart(string emulator, TimeSpan down)
    {
        Emulators.Script("stop-one", "fault", emulator);
        Thread.Sleep(down);
        Emulators.Script("start-one", "fault", emulator);
    }
}

[CollectionDefinition("fault")]
public sealed class FaultTestGroup : ICollectionFixture<FaultEmulators>;

/// <summary>
/// Faults while changes flow: the SQS emulator restarted mid-drain, Azurite restarted while
/// alerts are being recorded, the channel down for a while. After each, every change is recorded
/// once, alerted at most once, and nothing is lost.
/// </summary>
[Collection("fault")]
public sealed class FaultTests(FaultEmulators emulators)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task SqsRestartedMidDrain_TheRunBacksOffAndGoesOn_AndEveryChangeIsStartedOnce()
    {
        await using Pipeline p = await Pipeline.StartAsync(emulators.Storage, emulators.Sqs, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), settings: new Dictionary<string, string?>
        {
            ["Drain:MaxRunDuration"] = "00:00:20",
            ["Drain:StopWhenEmpty"] = "false",
            ["Drain:Receivers"] = "2",
        });
        string[] before = await SendAsync(p, 5);
        Task<DrainReport> drain = p.Drainer.DrainAsync(p.Host.Client, CancellationToken.None);
        await WaitAsync(async () => await CountAlertsAsync(p, before) == 5);

        FaultEmulators.Restart("fauxqs", TimeSpan.FromSeconds(3));
        await SqsQueueProvisioner.EnsureAsync(p.Sqs, new Uri(p.Queues.QueueUrl).Segments[^1], 3, TimeSpan.FromSeconds(30)); // the queue outlives an SQS outage; the emulator forgets it
        string[] after = await SendAsync(p, 5);

        DrainReport report = await drain;
        Assert.True(report.SqsErrors > 0, "the outage was seen");
        Assert.Equal(10, report.Started);
        Assert.Equal(10, await CountAlertsAsync(p, [.. before, .. after]));
        Assert.Equal(10, (await p.Store.QueryChangesAsync(new ChangeQuery { From = DateTimeOffset.Parse("2026-11-27T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), To = DateTimeOffset.Parse("2026-11-28T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), Limit = 200 })).Items.Count(c => before.Contains(c.EventId) || after.Contains(c.EventId)));
    }

    [Fact]
    public async Task AzuriteRestartedWhileAlertsAreRecorded_EveryChangeRecordedOnce_EachAlertNotifiedOnce()
    {
        await using Pipeline p = await Pipeline.StartAsync(emulators.Storage, emulators.Sqs, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));
        string[] ids = await SendAsync(p, 12);
        DrainReport report = await p.Drainer.DrainAsync(p.Host.Client, CancellationToken.None);
        Assert.Equal(12, report.Started);

        FaultEmulators.Restart("azurite", TimeSpan.FromSeconds(2));

        await WaitAsync(() => Task.FromResult(DistinctNotified(p) == 12));
        Assert.Equal(12, await CountAlertsAsync(p, ids));
        foreach (string id in ids)
        {
            AlertRecord alert = (await p.Store.GetAlertAsync(InstanceIds.ForEvent(id)))!;
            Assert.Equal((1, 1), (alert.ChangeCount, (await p.Store.GetAlertChangesAsync(alert.AlertId)).Count));
        }

        Assert.Equal(12, p.Webhook.Accepted.Select(r => r.Headers["webhook-id"]).Distinct().Count());
    }

    [Fact]
    public async Task ChannelDownForAWhile_EveryAlertIsDeliveredWhenItComesBack_OncePerAlert()
    {
        await using Pipeline p = await Pipeline.StartAsync(emulators.Storage, emulators.Sqs, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), settings: new Dictionary<string, string?>
        {
            ["Escalation:DeliveryAttempts"] = "8",
            ["Escalation:DeliveryFirstRetryInterval"] = "00:00:02",
            ["Channels:Resilience:MaxRetryAttempts"] = "1",
            ["Channels:Resilience:FirstRetryDelay"] = "00:00:00.200",
        });
        p.Webhook.DownUntil = DateTimeOffset.UtcNow.AddSeconds(15);
        string[] ids = await SendAsync(p, 6);
        await p.Drainer.DrainAsync(p.Host.Client, CancellationToken.None);

        await WaitAsync(() => Task.FromResult(DistinctNotified(p) == 6));

        Assert.True(p.Webhook.Requests.Count > p.Webhook.Accepted.Count, "deliveries were refused while the consumer was down");
        Assert.Equal(6, p.Webhook.Accepted.Count); // one accepted delivery per alert
        Assert.All(p.Webhook.Accepted, r => Assert.True(DateTimeOffset.UtcNow >= p.Webhook.DownUntil));
        foreach (string id in ids)
        {
            Assert.DoesNotContain(await p.Store.GetTimelineAsync(InstanceIds.ForEvent(id)), t => t.Kind == TimelineKinds.DeliveryFailed);
        }
    }

    private static int DistinctNotified(Pipeline p) =>
        p.Webhook.Accepted.Where(r => r.Body.Contains("ecs.config_change.alert", StringComparison.Ordinal)).Select(r => r.Headers["webhook-id"]).Distinct().Count();

    private static async Task<string[]> SendAsync(Pipeline p, int count)
    {
        string[] ids = [.. Enumerable.Range(0, count).Select(_ => Guid.NewGuid().ToString())];
        foreach (string[] chunk in ids.Chunk(10))
        {
            await p.Sqs.SendMessageBatchAsync(new SendMessageBatchRequest(p.Queues.QueueUrl,
                [.. chunk.Select((id, i) => new SendMessageBatchRequestEntry($"m{i}", Some.EventBridgeMessage(id, "DeleteService")))]));
        }

        return ids;
    }

    private static async Task<int> CountAlertsAsync(Pipeline p, IEnumerable<string> eventIds)
    {
        int count = 0;
        foreach (string id in eventIds)
        {
            if (await p.Store.GetAlertAsync(InstanceIds.ForEvent(id)) is not null)
            {
                count++;
            }
        }

        return count;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        using var cts = new CancellationTokenSource(Patience);
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Azure.RequestFailedException)
            {
                // Azurite is restarting.
            }

            await Task.Delay(250, cts.Token);
        }
    }
}
