using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Amazon.SQS.Model;
using Azure.Data.Tables;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Events;
using EcsRtma.Ingestion;
using EcsRtma.Testing;
using EcsRtma.Workflow;
using Microsoft.DurableTask.Client;

namespace EcsRtma.Integration.Tests;

/// <summary>
/// The hostile inputs of the fail-closed issue (#12), through the whole pipeline on fauxqs, Azurite and
/// the Durable Task host: every message ends as an alerted change or a recorded rejection, nothing is
/// lost or merged, and a planted secret value is found nowhere — not in Table Storage, durable inputs
/// and outputs, what was sent, or the logs.
/// </summary>
public sealed class HostileInputTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Drain_HostileMessages_EveryChangeAlertedOrRejectedNothingLostNoSecretKept()
    {
        await using Pipeline p = await Pipeline.StartAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        string forged = EventKeys.For("victim-id");
        var accepted = new Dictionary<string, string>
        {
            [Guid.NewGuid().ToString()] = Hostile.ManySecrets("placeholder"),
            [new string('e', 5000)] = Hostile.LongClusterName("placeholder"),
            ["k1/1"] = Hostile.Envelope("placeholder", "DeleteService", null, """{"cluster":"a","service":"s1"}"""),
            ["k1_1"] = Hostile.Envelope("placeholder", "DeleteService", null, """{"cluster":"a","service":"s2"}"""),
            ["victim-id"] = Hostile.Envelope("placeholder", "StopTask", null, """{"cluster":"b","task":"t1"}"""),
            [forged] = Hostile.Envelope("placeholder", "StopTask", null, """{"cluster":"b","task":"t2"}"""),
            [Guid.NewGuid().ToString()] = Hostile.InvisibleCharacters("placeholder"),
            [Guid.NewGuid().ToString()] = Hostile.DeepNesting("placeholder", 100),
        };
        string[] rejected =
        [
            Hostile.DeepNesting(Guid.NewGuid().ToString(), 400),
            Hostile.Envelope(Guid.NewGuid().ToString(), "UpdateService", null, """{"cluster":"\ud800"}"""),
            "{\"environment\":[{\"name\":\"DB_PASSWORD\",\"value\":\"" + Hostile.PlantedSecret + "\"}]}",
        ];
        foreach ((string id, string body) in accepted)
        {
            await p.Sqs.SendMessageAsync(new SendMessageRequest(p.Queues.QueueUrl, body.Replace("\"eventID\":\"placeholder\"", "\"eventID\":" + JsonSerializer.Serialize(id), StringComparison.Ordinal)));
        }

        foreach (string body in rejected)
        {
            await p.Sqs.SendMessageAsync(new SendMessageRequest(p.Queues.QueueUrl, body));
        }

        DrainReport report = await p.Drainer.DrainAsync(p.Host.Client, CancellationToken.None);
        Assert.Equal((accepted.Count + rejected.Length, accepted.Count, 0, rejected.Length), (report.Received, report.Started, report.Duplicates, report.Rejected));

        // Every accepted change: its own instance (colliding and forged ids included), completed, recorded, alerted.
        string[] instances = [.. accepted.Keys.Select(InstanceIds.ForEvent)];
        Assert.Equal(accepted.Count, instances.Distinct(StringComparer.Ordinal).Count());
        foreach (string instance in instances)
        {
            using var cts = new CancellationTokenSource(Patience);
            OrchestrationMetadata done = await p.Host.Client.WaitForInstanceCompletionAsync(instance, getInputsAndOutputs: true, cts.Token);
            Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{instance}: {done.RuntimeStatus} {done.FailureDetails?.ErrorMessage}");
            AlertRecord alert = Assert.IsType<AlertRecord>(await p.Store.GetAlertAsync(instance));
            Assert.InRange(alert.Title.Length, 1, Core.Limits.TitleChars);
            Assert.DoesNotContain(alert.Title, "could not fully process", StringComparison.Ordinal);
            Assert.NotEmpty(await p.Store.GetAlertChangesAsync(instance));
            Assert.Contains(await p.Store.GetTimelineAsync(instance), t => t.Kind == TimelineKinds.Notified);
            AssertNoSecret($"durable input/output of {instance}", done.SerializedInput + done.SerializedOutput + done.SerializedCustomStatus);
        }

        foreach (string id in accepted.Keys)
        {
            Assert.Equal("Alert", await p.Store.GetChangeOutcomeAsync(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero), id));
        }

        AlertRecord many = (await p.Store.GetAlertAsync(instances[0]))!;
        Assert.Contains(many.Reasons, r => r.StartsWith("700 environment variables look like secrets: DB_PASSWORD_0000", StringComparison.Ordinal));

        IReadOnlyList<RejectedMessage> rejections = await p.Store.ListRejectedAsync(DateTimeOffset.UtcNow);
        Assert.Equal(rejected.Length, rejections.Count);

        // The planted secret: nowhere in this pipeline's tables, blobs and queues, what was sent, or the logs.
        await AssertNoSecretInStorageAsync(p);
        foreach (ReceivedRequest sent in p.Webhook.Requests)
        {
            AssertNoSecret("a webhook request", sent.Body);
        }

        AssertNoSecret("the logs", string.Join('\n', p.Logs.Lines));
        Assert.NotEmpty(p.Logs.Lines);
    }

    private static async Task AssertNoSecretInStorageAsync(Pipeline p)
    {
        var tables = new TableServiceClient(p.StorageConnectionString);
        int rows = 0;
        await foreach (Azure.Data.Tables.Models.TableItem table in tables.QueryAsync())
        {
            if (!table.Name.StartsWith(p.TablePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            await foreach (TableEntity entity in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                rows++;
                AssertNoSecret($"table {table.Name}", string.Join('\n', entity.Select(kv => $"{kv.Key}={kv.Value}")) + entity.PartitionKey + entity.RowKey);
            }
        }

        Assert.True(rows > 20, $"only {rows} rows found: the scan looked in the wrong place");

        // Blobs and queues of the emulator (the Durable Task Azure Storage provider keeps history and
        // large payloads there, gzip-compressed), whatever wrote them.
        var blobs = new Azure.Storage.Blobs.BlobServiceClient(p.StorageConnectionString);
        await foreach (Azure.Storage.Blobs.Models.BlobContainerItem container in blobs.GetBlobContainersAsync())
        {
            Azure.Storage.Blobs.BlobContainerClient client = blobs.GetBlobContainerClient(container.Name);
            await foreach (Azure.Storage.Blobs.Models.BlobItem blob in client.GetBlobsAsync())
            {
                byte[] content = (await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray();
                AssertNoSecret($"blob {container.Name}/{blob.Name}", Decode(content));
            }
        }

        var queues = new Azure.Storage.Queues.QueueServiceClient(p.StorageConnectionString);
        await foreach (Azure.Storage.Queues.Models.QueueItem queue in queues.GetQueuesAsync())
        {
            Azure.Storage.Queues.Models.PeekedMessage[] peeked = (await queues.GetQueueClient(queue.Name).PeekMessagesAsync(32)).Value;
            foreach (Azure.Storage.Queues.Models.PeekedMessage message in peeked)
            {
                AssertNoSecret($"queue {queue.Name}", message.Body.ToString());
            }
        }
    }

    private static string Decode(byte[] content)
    {
        if (content.Length > 2 && content[0] == 0x1f && content[1] == 0x8b)
        {
            using var gzip = new GZipStream(new MemoryStream(content), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, Encoding.UTF8);
            return reader.ReadToEnd();
        }

        return Encoding.UTF8.GetString(content);
    }

    private static void AssertNoSecret(string where, string? text) =>
        Assert.False(text?.Contains(Hostile.PlantedSecret, StringComparison.Ordinal) == true, $"the planted secret was found in {where}");
}
