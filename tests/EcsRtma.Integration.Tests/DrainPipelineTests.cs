using System.Globalization;
using System.Text.Json;
using Amazon.SQS.Model;
using EcsRtma.Core.Alerts;
using EcsRtma.Ingestion;
using EcsRtma.Testing;
using EcsRtma.Workflow;
using EcsRtma.Workflow.Contracts;
using Microsoft.DurableTask.Client;

namespace EcsRtma.Integration.Tests;

/// <summary>One ECS change from SQS to an acknowledged, recorded alert, on fauxqs, Azurite and the Durable Task host.</summary>
public sealed class DrainPipelineTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Drain_DifferentRecordUnderAKnownEventId_IsRecordedAsACollisionAndAlertedHigh_ACopyStaysADuplicate()
    {
        // Before: the second record was deleted as a duplicate, with no change row, no rejection and no log line.
        await using Pipeline p = await Pipeline.StartAsync(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
        string eventId = Guid.NewGuid().ToString();
        string original = Some.EventBridgeMessage(eventId, "UpdateService");
        string forged = Some.EventBridgeMessage(eventId, "DeleteService");
        await p.Sqs.SendMessageAsync(new SendMessageRequest(p.Queues.QueueUrl, original));
        Assert.Equal(1, (await p.Drainer.DrainAsync(p.Host.Client, CancellationToken.None)).Started);

        await p.Sqs.SendMessageAsync(new SendMessageRequest(p.Queues.QueueUrl, forged));
        DrainReport second = await p.Drainer.DrainAsync(p.Host.Client, CancellationToken.None);
        Assert.Equal((1, 1, 0), (second.Collisions, second.Started, second.Duplicates));

        // A copy of the original (EventBridge's own retry: another envelope id, the same record) is a duplicate.
        await p.Sqs.SendMessageAsync(new SendMessageRequest(p.Queues.QueueUrl, Some.EventBridgeMessage(eventId, "UpdateService")));
        DrainReport third = await p.Drainer.DrainAsync(p.Host.Client, CancellationToken.None);
        Assert.Equal((0, 0, 1), (third.Collisions, third.Started, third.Duplicates));

        AlertRecord first = (await p.Store.GetAlertAsync(InstanceIds.ForEvent(eventId)))!;
        Assert.Equal("UpdateService", first.EventName);
        Listing<AlertRecord> alerts = await p.Store.QueryAlertsAsync(new AlertQuery { Limit = 50 });
        AlertRecord collision = alerts.Items.Single(a => a.AlertId.StartsWith(InstanceIds.ForEvent(eventId) + "-", StringComparison.Ordinal));
        Assert.Equal("DeleteService", collision.EventName);
        Assert.True(collision.Severity >= Core.Findings.Severity.High, $"{collision.Severity}");
        Assert.Contains("two different records share eventID", collision.Title, StringComparison.Ordinal);
        RejectedMessage recorded = (await p.Store.ListRejectedAsync(DateTimeOffset.UtcNow)).Single(r => r.Reason.StartsWith("collision:", StringComparison.Ordinal));
        Assert.Contains(eventId, recorded.Reason, StringComparison.Ordinal);
        Assert.Matches("first content [0-9a-f]{32}, this content [0-9a-f]{32}", recorded.Reason);
        Assert.Contains(p.Logs.Lines, l => l.Contains("Two different records share CloudTrail eventID " + eventId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Drain_EventBridgeMessage_EndsAcknowledgedWithSignedWebhookAndRowsInTableStorage()
    {
        await using Pipeline p = await Pipeline.StartAsync(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
        string eventId = Guid.NewGuid().ToString();
        await p.Sqs.SendMessageAsync(new SendMessageRequest(p.Queues.QueueUrl, Some.EventBridgeMessage(eventId, "DeleteService")));

        DrainReport report = await p.Drainer.DrainAsync(p.Host.Client, CancellationToken.None);
        Assert.Equal((1, 1, 0, 0, 1), (report.Received, report.Started, report.Duplicates, report.Rejected, report.Deleted));

        // The webhook consumer received a correctly signed Standard Webhooks message.
        ReceivedRequest hook = await p.Webhook.WaitForAsync(_ => true, Patience);
        Assert.Equal("/hooks/ecs", hook.Path);
        long timestamp = long.Parse(hook.Headers["webhook-timestamp"], CultureInfo.InvariantCulture);
        Assert.InRange(timestamp, DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.True(new StandardWebhookSigner(Pipeline.WebhookSecret).Verify(hook.Headers["webhook-id"], timestamp, hook.Body, hook.Headers["webhook-signature"]));
        using JsonDocument payload = JsonDocument.Parse(hook.Body);
        Assert.Equal("ecs.config_change.alert", payload.RootElement.GetProperty("type").GetString());
        JsonElement data = payload.RootElement.GetProperty("data");
        string alertId = data.GetProperty("alertId").GetString()!;
        Assert.Equal(InstanceIds.ForEvent(eventId), alertId);
        Assert.Equal("DeleteService", data.GetProperty("eventName").GetString());
        Assert.Equal("payments-prod", data.GetProperty("cluster").GetString());

        // Acknowledge through the link's token, as the HTTP function does.
        string link = data.GetProperty("acknowledgeUrl").GetString()!;
        string token = Uri.UnescapeDataString(new Uri(link).Query.Split("token=")[1]);
        Assert.Equal(202, (await p.Acknowledgements.AcknowledgeAsync(p.Host.Client, alertId, token, "mine")).StatusCode);

        using var cts = new CancellationTokenSource(Patience);
        OrchestrationMetadata done = await p.Host.Client.WaitForInstanceCompletionAsync(alertId, getInputsAndOutputs: true, cts.Token);
        Assert.Equal(AlertStatus.Acknowledged, done.ReadOutputAs<ChangeResult>()!.Status);

        // The rows in Azurite.
        AlertRecord alert = (await p.Store.GetAlertAsync(alertId))!;
        Assert.Equal((AlertStatus.Acknowledged, "webhook:tier1", 1), (alert.Status, alert.AcknowledgedBy, alert.TierReached));
        IReadOnlyList<TimelineEntry> timeline = await p.Store.GetTimelineAsync(alertId);
        Assert.Equal([TimelineKinds.Opened, TimelineKinds.Notified, TimelineKinds.Acknowledged, TimelineKinds.Reflected, TimelineKinds.Closed], timeline.Select(t => t.Kind));

        // The acknowledgement was reflected to the webhook receiver as its own signed event.
        ReceivedRequest reflected = await p.Webhook.WaitForAsync(r => r.Body.Contains("ecs.config_change.acknowledged", StringComparison.Ordinal), Patience);
        Assert.Equal($"msg_{alertId}_acknowledged", reflected.Headers["webhook-id"]);
        Assert.True(new StandardWebhookSigner(Pipeline.WebhookSecret).Verify(reflected.Headers["webhook-id"], long.Parse(reflected.Headers["webhook-timestamp"], System.Globalization.CultureInfo.InvariantCulture), reflected.Body, reflected.Headers["webhook-signature"]));
        Assert.Contains("\"by\":\"webhook:tier1\"", reflected.Body, StringComparison.Ordinal);
        Assert.Equal("Alert", await p.Store.GetChangeOutcomeAsync(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero), eventId));

        // Nothing left on the queue.
        Assert.Equal(0, await CountAsync(p, p.Queues.QueueUrl));
    }

    [Fact]
    public async Task Drain_SameEventDeliveredTwice_StartsOneOrchestrationAndDeletesBoth()
    {
        await using Pipeline p = await Pipeline.StartAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        string eventId = Guid.NewGuid().ToString();
        string body = Some.EventBridgeMessage(eventId, "UpdateService");
        await p.Sqs.SendMessageAsync(new SendMessageRequest(p.Queues.QueueUrl, body));
        await p.Sqs.SendMessageAsync(new SendMessageRequest(p.Queues.QueueUrl, body));

        DrainReport first = await p.Drainer.DrainAsync(p.Host.Client, CancellationToken.None);
        await p.Sqs.SendMessageAsync(new SendMessageRequest(p.Queues.QueueUrl, body));
        DrainReport second = await p.Drainer.DrainAsync(p.Host.Client, CancellationToken.None);

        Assert.Equal(1, first.Started + second.Started);
        Assert.Equal(2, first.Duplicates + second.Duplicates);
        Assert.Equal(3, first.Deleted + second.Deleted);

        string alertId = InstanceIds.ForEvent(eventId);
        using var cts = new CancellationTokenSource(Patience);
        await p.Host.Client.WaitForInstanceCompletionAsync(alertId, cts.Token);
        IReadOnlyList<AlertRecord> alerts = (await p.Store.QueryAlertsAsync(new AlertQuery { From = DateTimeOffset.UtcNow.AddHours(-1), Limit = 10 })).Items;
        Assert.Single(alerts, a => a.EventId == eventId);
        // Two tiers, each notified once: the duplicate never made a second escalation.
        Assert.Equal(2, p.Webhook.Requests.Count);
    }

    [Fact]
    public async Task Drain_MalformedAndForeignMessages_AreRecordedKeptForTheDlqAndTheRestGoesOn()
    {
        await using Pipeline p = await Pipeline.StartAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), maxReceiveCount: 2, visibilityTimeout: TimeSpan.FromSeconds(3));
        string goodId = Guid.NewGuid().ToString();
        await p.Sqs.SendMessageAsync(new SendMessageRequest(p.Queues.QueueUrl, "{ this is not json"));
        await p.Sqs.SendMessageAsync(new SendMessageRequest(p.Queues.QueueUrl, Some.EventBridgeMessage(Guid.NewGuid().ToString()).Replace("ecs.amazonaws.com", "s3.amazonaws.com", StringComparison.Ordinal)));
        await p.Sqs.SendMessageAsync(new SendMessageRequest(p.Queues.QueueUrl, Some.EventBridgeMessage(goodId, "CreateService")));

        DrainReport report = await p.Drainer.DrainAsync(p.Host.Client, CancellationToken.None);
        Assert.Equal((3, 1, 2, 1), (report.Received, report.Started, report.Rejected, report.Deleted));

        IReadOnlyList<RejectedMessage> rejected = await p.Store.ListRejectedAsync(DateTimeOffset.UtcNow);
        Assert.Contains(rejected, r => r.Reason.StartsWith("not valid JSON", StringComparison.Ordinal) && r.BodyPreview.StartsWith("(not JSON: 18 bytes", StringComparison.Ordinal));
        Assert.Contains(rejected, r => r.Reason.Contains("eventSource is 's3.amazonaws.com'", StringComparison.Ordinal));

        // Not deleted: after the visibility timeout they come back, are rejected again, and the
        // queue's redrive policy (maxReceiveCount 2) moves them to the dead-letter queue.
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        DrainReport again = await p.Drainer.DrainAsync(p.Host.Client, CancellationToken.None);
        Assert.Equal(2, again.Rejected);
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        await p.Drainer.DrainAsync(p.Host.Client, CancellationToken.None);

        ReceiveMessageResponse dlq = await p.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = p.Queues.DeadLetterQueueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 2 });
        Assert.Equal(2, dlq.Messages?.Count ?? 0);
        Assert.Contains(dlq.Messages!, m => m.Body == "{ this is not json");
        Assert.Equal(0, await CountAsync(p, p.Queues.QueueUrl));

        using var cts = new CancellationTokenSource(Patience);
        OrchestrationMetadata good = await p.Host.Client.WaitForInstanceCompletionAsync(InstanceIds.ForEvent(goodId), cts.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, good.RuntimeStatus);
    }

    [Fact]
    public async Task Drain_WebhookReturns503ThenSucceeds_IsRetriedAndDelivered()
    {
        await using Pipeline p = await Pipeline.StartAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        p.Webhook.RespondWith(503);
        IReadOnlyList<TimelineEntry> timeline = await DrainOneToCompletionAsync(p, "StopTask");
        Assert.DoesNotContain(timeline, t => t.Kind == TimelineKinds.DeliveryFailed);
        Assert.Equal(2, timeline.Count(t => t.Kind == TimelineKinds.Notified));
        string[] ids = [.. p.Webhook.Requests.Select(r => r.Headers["webhook-id"])];
        Assert.Equal(3, ids.Length);
        Assert.Equal(ids[0], ids[1]); // the retry carries the same webhook-id, so consumers can dedupe
    }

    [Fact]
    public async Task Drain_WebhookRejectsWith400_IsNotRetriedAndTheFailureIsRecorded()
    {
        await using Pipeline p = await Pipeline.StartAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        p.Webhook.RespondWith(400, 400, 400, 400);
        IReadOnlyList<TimelineEntry> timeline = await DrainOneToCompletionAsync(p, "StopTask");
        Assert.Equal(2, timeline.Count(t => t.Kind == TimelineKinds.DeliveryFailed));
        Assert.Contains(timeline, t => t.Kind == TimelineKinds.DeliveryFailed && t.Message.Contains("HTTP 400", StringComparison.Ordinal));
        Assert.Equal(2, p.Webhook.Requests.Count); // one attempt per tier: a permanent 4xx is not retried
    }

    /// <summary>Sends one ECS change, drains it, waits for its orchestration to end, and returns the alert's timeline.</summary>
    private static async Task<IReadOnlyList<TimelineEntry>> DrainOneToCompletionAsync(Pipeline p, string eventName)
    {
        string eventId = Guid.NewGuid().ToString();
        await p.Sqs.SendMessageAsync(new SendMessageRequest(p.Queues.QueueUrl, Some.EventBridgeMessage(eventId, eventName)));
        await p.Drainer.DrainAsync(p.Host.Client, CancellationToken.None);
        string alertId = InstanceIds.ForEvent(eventId);
        using var cts = new CancellationTokenSource(Patience);
        await p.Host.Client.WaitForInstanceCompletionAsync(alertId, cts.Token);
        return await p.Store.GetTimelineAsync(alertId);
    }

    private static async Task<int> CountAsync(Pipeline p, string queueUrl)
    {
        GetQueueAttributesResponse attributes = await p.Sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = queueUrl,
            AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        });
        return attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible;
    }
}
