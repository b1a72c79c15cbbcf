using System.Globalization;
using System.Text;
using Amazon.SQS;
using Amazon.SQS.Model;
using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;
using EcsRtma.Detection;
using EcsRtma.Detection.Catalog;
using EcsRtma.Infrastructure;
using EcsRtma.Infrastructure.Aws;

namespace EcsRtma.Cli;

/// <summary>
/// <c>ecs-rtma replay [--policy F] [--send --queue-url URL [--sqs-service-url URL] [--region R]] PATH…</c>:
/// reads CloudTrail log files as exported to S3 (a folder of <c>.json.gz</c> files, nested by
/// account/region/date, or single files) and reports what would have alerted, with counts by
/// outcome, severity, action and actor. With <c>--send</c> it feeds every ECS record into the SQS
/// queue as the EventBridge rule would, so the pipeline handles it with the same dedupe: a record
/// already processed is recognised by its CloudTrail event id, and replaying twice changes nothing.
/// </summary>
public static class ReplayCommand
{
    /// <param name="paths">Log files or folders (at least one).</param>
    /// <param name="queueUrl">With <paramref name="send"/>: the queue to feed (the command line requires it).</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> paths, string? policyPath, bool send, string? queueUrl, string? serviceUrl, string? region, TextWriter stdout, TextWriter stderr, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (paths.Count == 0 || (send && queueUrl is null))
        {
            await stderr.WriteLineAsync("ecs-rtma replay: give at least one PATH, and --queue-url with --send");
            return 2;
        }

        if (await PolicyArgument.LoadAsync(policyPath, "replay", stderr) is not { } policy)
        {
            return 2;
        }

        var classifier = new ChangeClassifier(EcsActionCatalog.Default, policy);
        var summary = new ReplaySummary();
        IAmazonSQS? sqs = send ? InfrastructureRegistration.CreateSqsClient(new SqsOptions
        {
            QueueUrl = new Uri(queueUrl!),
            Region = region ?? Environment.GetEnvironmentVariable("AWS_REGION") ?? "us-east-1",
            ServiceUrl = serviceUrl is null ? null : new Uri(serviceUrl),
            AccessKeyId = serviceUrl is null ? null : "local-emulator",
            SecretAccessKey = serviceUrl is null ? null : "local-emulator",
        }) : null;
        var pending = new List<SendMessageBatchRequestEntry>(10);
        try
        {
            foreach (string file in Files(paths))
            {
                summary.Files++;
                using var reader = new StreamReader(InputFiles.Open(file), Encoding.UTF8);
                // Only ECS records are classified or sent: an organisation's trail is mostly other services.
                foreach ((ParseResult record, string raw) in RecordReader.ReadRaw(reader, ParseScope.EcsOnly))
                {
                    Verdict? verdict = record.IsSuccess ? classifier.Classify(record.Event!) : null;
                    summary.Add(record, verdict);
                    if (summary.Records % 10_000 == 0)
                    {
                        progress?.Report(summary.Records);
                    }

                    if (sqs is not null && record.IsSuccess && record.Event!.EventSource == CloudTrailParser.EcsEventSource)
                    {
                        pending.Add(new SendMessageBatchRequestEntry(pending.Count.ToString(CultureInfo.InvariantCulture), Envelope(record.Event!, raw)));
                        if (pending.Count == 10)
                        {
                            summary.Sent += await FlushAsync(sqs, queueUrl!, pending);
                        }
                    }
                }
            }

            if (sqs is not null && pending.Count > 0)
            {
                summary.Sent += await FlushAsync(sqs, queueUrl!, pending);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or AmazonSQSException)
        {
            await stderr.WriteLineAsync($"ecs-rtma replay: {ex.Message}");
            return 1;
        }
        finally
        {
            sqs?.Dispose();
        }

        summary.Print(stdout, send);
        return 0;
    }

    /// <summary>Every .json/.json.gz/.jsonl file under the given folders (sorted, so runs are repeatable), and the given files.</summary>
    public static IEnumerable<string> Files(IEnumerable<string> paths)
    {
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (string file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => f.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal))
                {
                    yield return file;
                }
            }
            else
            {
                yield return path;
            }
        }
    }

    /// <summary>The message EventBridge would deliver for this record (rule pattern: source aws.ecs, AWS API Call via CloudTrail).</summary>
    public static string Envelope(CloudTrailEvent e, string raw)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(raw);
        if (raw.Contains("\"detail-type\"", StringComparison.Ordinal))
        {
            return raw; // already an EventBridge envelope
        }

        string id = new Guid(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(e.EventId)).AsSpan(0, 16)).ToString();
        return $$"""{"version":"0","id":"{{id}}","detail-type":"{{CloudTrailParser.CloudTrailDetailType}}","source":"aws.ecs","account":{{Json(e.RecipientAccountId)}},"time":"{{e.EventTime.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}}","region":{{Json(e.AwsRegion)}},"resources":[],"detail":{{raw}}}""";
    }

    private static string Json(string? value) => System.Text.Json.JsonSerializer.Serialize(value);

    private static async Task<int> FlushAsync(IAmazonSQS sqs, string queueUrl, List<SendMessageBatchRequestEntry> entries)
    {
        SendMessageBatchResponse response = await sqs.SendMessageBatchAsync(new SendMessageBatchRequest(queueUrl, [.. entries]));
        int failed = response.Failed?.Count ?? 0;
        entries.Clear();
        if (failed > 0)
        {
            throw new IOException($"{failed} messages could not be sent to {queueUrl}: {response.Failed![0].Message}");
        }

        return response.Successful?.Count ?? 0;
    }
}
