using Amazon.SQS.Model;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Findings;
using EcsRtma.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
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
public sealed class FaultTests(FaultEmulators emulators, Xunit.Abstractions.ITestOutputHelper log)
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

    /// <summary>
    /// Retries measured in seconds and a circuit that opens fast, so an outage of 15 s outlasts them all
    /// (as a 1–2 minute outage outlasts the defaults in Azure). Before ADR 0016 every tier-1 delivery of
    /// such an outage was lost for good.
    /// </summary>
    private static readonly Dictionary<string, string?> ShortRetries = new()
    {
        ["Escalation:DeliveryAttempts"] = "2",
        ["Escalation:DeliveryFirstRetryInterval"] = "00:00:01",
        ["Escalation:DeliveryMaxRetryInterval"] = "00:00:04",
        ["Channels:Resilience:MaxRetryAttempts"] = "1",
        ["Channels:Resilience:FirstRetryDelay"] = "00:00:00.200",
        ["Channels:Resilience:AttemptTimeout"] = "00:00:01",
        ["Channels:Resilience:TotalTimeout"] = "00:00:03",
        ["Channels:Resilience:BreakDuration"] = "00:00:05",
    };

    [Fact]
    public async Task ChannelDownLongerThanTheRetrySpan_EveryAlertIsDeliveredAtTier1OnceWhenItComesBack()
    {
        await using Pipeline p = await Pipeline.StartAsync(emulators.Storage, emulators.Sqs, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), settings: ShortRetries);
        p.Webhook.DownUntil = DateTimeOffset.UtcNow.AddSeconds(15);
        string[] ids = await SendAsync(p, 6);
        await p.Drainer.DrainAsync(p.Host.Client, CancellationToken.None);

        await WaitAsync(() => Task.FromResult(DistinctNotified(p) == 6));

        AssertDeliveredOnceAfterRecovery(p, ids, p.Webhook.DownUntil);
        foreach (string id in ids)
        {
            IReadOnlyList<TimelineEntry> timeline = await p.Store.GetTimelineAsync(InstanceIds.ForEvent(id));
            Assert.DoesNotContain(timeline, t => t.Kind == TimelineKinds.DeliveryFailed);
            Assert.Contains(timeline, t => t.Kind == TimelineKinds.Undelivered && t.Tier == 1);
        }
    }

    [Fact]
    public async Task ChannelBlackHoledPastTheRetriesAndTheCircuit_EveryAlertIsDeliveredAtTier1OnceWhenItAnswers()
    {
        await using Pipeline p = await Pipeline.StartAsync(emulators.Storage, emulators.Sqs, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), settings: ShortRetries);
        p.Webhook.BlackHoleUntil = DateTimeOffset.UtcNow.AddSeconds(15);
        string[] ids = await SendAsync(p, 6);
        await p.Drainer.DrainAsync(p.Host.Client, CancellationToken.None);

        await WaitAsync(() => Task.FromResult(DistinctNotified(p) == 6));

        AssertDeliveredOnceAfterRecovery(p, ids, p.Webhook.BlackHoleUntil);
        Assert.Contains(p.Logs.Lines, l => l.Contains("Channel webhook is failing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ChannelAnswers429WithRetryAfter_TheNextAttemptWaitsAtLeastThatLong()
    {
        var settings = new Dictionary<string, string?>(ShortRetries) { ["Channels:Resilience:MaxRetryAttempts"] = "0" };
        await using Pipeline p = await Pipeline.StartAsync(emulators.Storage, emulators.Sqs, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), settings: settings);
        p.Webhook.TooManyRequests(2, retryAfterSeconds: 6); // the drain's attempt, then the orchestration's first
        string[] ids = await SendAsync(p, 1);
        await p.Drainer.DrainAsync(p.Host.Client, CancellationToken.None);

        await WaitAsync(() => Task.FromResult(DistinctNotified(p) == 1));
        ReceivedRequest[] attempts = [.. p.Webhook.Requests.Where(r => r.Body.Contains(ids[0], StringComparison.Ordinal)).OrderBy(r => r.At)];
        Assert.Equal(3, attempts.Length);
        // The drain's attempt got the first 429: the orchestration's first attempt waits it out too.
        TimeSpan afterDrain = attempts[1].At - attempts[0].At;
        TimeSpan waited = attempts[2].At - attempts[1].At;
        Assert.True(afterDrain >= TimeSpan.FromSeconds(5.9), $"the orchestration tried {afterDrain.TotalSeconds:0.0} s after the drain's 429 asked for 6 s");
        Assert.True(waited >= TimeSpan.FromSeconds(5.9), $"retried {waited.TotalSeconds:0.0} s after a 429 asking for 6 s (the cap between attempts is 4 s)");
    }

    [Fact]
    public async Task ChannelUnreachableForOutageAfter_OneAlertOverTheOtherChannel_HealthDegraded_ClosedWhenItAnswers()
    {
        var settings = new Dictionary<string, string?>(ShortRetries)
        {
            ["Channels:OutageAfter"] = "00:00:03",
            ["Channels:Slack:WebhookUrl"] = null, // set below: the receiver's /slack path stands in for Slack
        };
        await using Pipeline p = await Pipeline.StartAsync(emulators.Storage, emulators.Sqs, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), settings: settings, configure: (c, webhook) => c["Channels:Slack:WebhookUrl"] = new Uri(webhook.Url, "/slack").ToString());
        p.Webhook.OutagePath = p.Webhook.Url.AbsolutePath;
        p.Webhook.DownUntil = DateTimeOffset.MaxValue;
        string[] ids = await SendAsync(p, 1);
        await p.Drainer.DrainAsync(p.Host.Client, CancellationToken.None);
        ChannelOutageMonitor monitor = p.Host.Services.GetRequiredService<ChannelOutageMonitor>();
        HealthProbe health = p.Host.Services.GetRequiredService<HealthProbe>();

        await WaitAsync(async () => (await p.Store.GetChannelStateAsync("webhook"))?.FailingSince is { } since && DateTimeOffset.UtcNow - since > TimeSpan.FromSeconds(3));
        Assert.Equal(1, await monitor.CheckAsync(p.Host.Client, CancellationToken.None));
        Assert.Equal(0, await monitor.CheckAsync(p.Host.Client, CancellationToken.None)); // one alert per outage

        string outageId = (await p.Store.GetChannelStateAsync("webhook"))!.OutageAlertId!;
        await WaitAsync(async () => (await p.Store.GetTimelineAsync(outageId)).Any(t => t.Kind == TimelineKinds.Notified));
        ReceivedRequest slack = await p.Webhook.WaitForAsync(r => r.Path == "/slack" && r.Body.Contains(outageId, StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        Assert.DoesNotContain(p.Webhook.Requests, r => r.Path != "/slack" && r.Body.Contains(outageId, StringComparison.Ordinal)); // never through the failing channel
        AlertRecord outage = (await p.Store.GetAlertAsync(outageId))!;
        Assert.Equal(Severity.High, outage.Severity);
        HealthReport degraded = await health.CheckAsync(CancellationToken.None);
        Assert.Equal(("degraded", "webhook", outageId), (degraded.Status, degraded.ChannelsDown.Single().Channel, degraded.ChannelsDown.Single().AlertId));
        Assert.Contains("webhook has failed every delivery attempt since", slack.Body, StringComparison.Ordinal);

        p.Webhook.DownUntil = DateTimeOffset.UtcNow; // the channel answers again
        await WaitAsync(() => Task.FromResult(DistinctNotified(p) == 1));
        await WaitAsync(async () => (await p.Store.GetChannelStateAsync("webhook"))?.FailingSince is null);
        Assert.Equal(0, await monitor.CheckAsync(p.Host.Client, CancellationToken.None));
        await WaitAsync(async () => (await p.Store.GetAlertAsync(outageId))?.Status == AlertStatus.Resolved);
        Assert.Equal("healthy", (await health.CheckAsync(CancellationToken.None)).Status);
        Assert.Null((await p.Store.GetChannelStateAsync("webhook"))!.OutageAlertId);
    }

    /// <summary>
    /// The outage as it was reported: every answer held for a minute, product defaults (retries,
    /// timeouts, circuit), tiers of 1 and 2 minutes. Before ADR 0016 most tier-1 notifications were never
    /// delivered. Takes ~2 min, so it runs in scripts/fault-trials.sh (ECSRTMA_LONG_TRIALS=1), not in every suite run.
    /// </summary>
    [SkippableFact]
    public async Task LongOutage_ChannelHeldForAMinuteWithTheDefaults_EveryAlertReachesTier1Once_EscalationOnTime()
    {
        Skip.IfNot(Environment.GetEnvironmentVariable("ECSRTMA_LONG_TRIALS") == "1", "the minute-long outage runs in scripts/fault-trials.sh (set ECSRTMA_LONG_TRIALS=1)");
        await using Pipeline p = await Pipeline.StartAsync(emulators.Storage, emulators.Sqs, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), settings: new Dictionary<string, string?>
        {
            ["Escalation:DeliveryAttempts"] = "4", // the defaults, as deployed (the pipeline's own are shorter)
            ["Escalation:DeliveryFirstRetryInterval"] = "00:00:05",
            ["Escalation:AutoCloseAfter"] = "00:10:00",
        });
        DateTimeOffset start = DateTimeOffset.UtcNow;
        p.Webhook.BlackHoleUntil = start.AddSeconds(60);
        string[] ids = await SendAsync(p, 20);
        await p.Drainer.DrainAsync(p.Host.Client, CancellationToken.None);

        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (Tier1Accepted(p).Length < 20)
        {
            await Task.Delay(500, cts.Token);
        }

        ReceivedRequest[] tier1 = Tier1Accepted(p);
        Assert.Equal(20, tier1.Select(r => r.Headers["webhook-id"]).Distinct().Count());
        DateTimeOffset last = tier1.Max(r => r.At);
        log.WriteLine($"long outage: 20 alerts, tier-1 notifications {(tier1.Min(r => r.At) - p.Webhook.BlackHoleUntil).TotalSeconds:0.0} to {(last - p.Webhook.BlackHoleUntil).TotalSeconds:0.0} s after the channel answered again; {p.Webhook.Requests.Count} requests in all");
        Assert.True(last <= p.Webhook.BlackHoleUntil.AddSeconds(30), $"the last tier-1 notification went out {(last - p.Webhook.BlackHoleUntil).TotalSeconds:0.0} s after the channel answered again");
        foreach (string id in ids)
        {
            // Escalation moved on at tier 1's deadline, during the outage, without waiting for its delivery.
            TimelineEntry escalated = (await p.Store.GetTimelineAsync(InstanceIds.ForEvent(id))).First(t => t.Kind == TimelineKinds.Escalated);
            Assert.InRange(escalated.At, start.AddSeconds(55), start.AddSeconds(75));
        }

        log.WriteLine("long outage: every alert escalated to tier 2 within 55–75 s of its start, during the outage");
    }

    private static ReceivedRequest[] Tier1Accepted(Pipeline p) =>
        [.. p.Webhook.Accepted.Where(r => r.Headers.TryGetValue("webhook-id", out string? id) && id.EndsWith("_t1", StringComparison.Ordinal) && r.Body.Contains("ecs.config_change.alert", StringComparison.Ordinal))];

    /// <summary>Each alert reached tier 1 exactly once (one accepted request, one webhook-id for all its attempts), within 30 s of the receiver answering again.</summary>
    private void AssertDeliveredOnceAfterRecovery(Pipeline p, string[] ids, DateTimeOffset recovered)
    {
        log.WriteLine($"{ids.Length} alerts delivered at most {(p.Webhook.Accepted.Where(r => ids.Any(id => r.Body.Contains(id, StringComparison.Ordinal))).Max(r => r.At) - recovered).TotalSeconds:0.0} s after recovery; {p.Webhook.Requests.Count} requests for {p.Webhook.Accepted.Count} accepted");
        Assert.True(p.Webhook.Requests.Count > p.Webhook.Accepted.Count, "deliveries failed while the consumer was down");
        foreach (string id in ids)
        {
            ReceivedRequest[] accepted = [.. p.Webhook.Accepted.Where(r => r.Body.Contains(id, StringComparison.Ordinal))];
            Assert.Single(accepted);
            Assert.InRange(accepted[0].At, recovered, recovered.AddSeconds(30));
            Assert.Single(p.Webhook.Requests.Where(r => r.Body.Contains(id, StringComparison.Ordinal)).Select(r => r.Headers["webhook-id"]).Distinct());
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
