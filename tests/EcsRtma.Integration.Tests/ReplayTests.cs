using System.IO.Compression;
using System.Text;
using EcsRtma.Cli;
using EcsRtma.Ingestion;
using EcsRtma.LocalHost.Terminal;

namespace EcsRtma.Integration.Tests;

/// <summary>Backfill: CloudTrail log files as exported to S3, fed into the real queue and drained; replaying twice changes nothing.</summary>
public sealed class ReplayTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecsrtma-replay-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Replay_SendTwice_OneOrchestrationPerAlertingRecord_ReadsRecordedDirectly_SecondRunChangesNothing()
    {
        await using Pipeline p = await Pipeline.StartAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        string day = Path.Combine(_dir, "AWSLogs", "111122223333", "CloudTrail", "eu-west-1", "2026", "11", "27");
        Directory.CreateDirectory(day);
        string[] ids = [.. Enumerable.Range(0, 12).Select(_ => Guid.NewGuid().ToString())];
        await WriteLogFileAsync(Path.Combine(day, "a.json.gz"), ids[..7].Select(id => Record(id, "ecs.amazonaws.com", "UpdateService")).Append(Record(Guid.NewGuid().ToString(), "s3.amazonaws.com", "PutObject")));
        await WriteLogFileAsync(Path.Combine(day, "b.json.gz"), ids[7..].Select(id => Record(id, "ecs.amazonaws.com", "DescribeServices")));

        string[] args = ["--send", "--queue-url", p.Queues.QueueUrl, "--sqs-service-url", Emulators.SqsServiceUrl.ToString(), _dir];
        using var report = new StringWriter();
        Assert.Equal(0, await ReplayAsync(args, report));
        Assert.Contains("files 2, records 13, ECS records 12, sent to the queue 12", report.ToString(), StringComparison.Ordinal);

        DrainReport first = await p.Drainer.DrainAsync(p.Host.Client, CancellationToken.None);
        Assert.Equal((12, 7, 5, 0, 0), (first.Received, first.Started, first.Recorded, first.Duplicates, first.Rejected));

        Assert.Equal(0, await ReplayAsync(args, new StringWriter()));
        DrainReport second = await p.Drainer.DrainAsync(p.Host.Client, CancellationToken.None);
        // The second run changes nothing: the seven changes that alerted are duplicates, the five reads are recorded again in place.
        Assert.Equal((12, 0, 7, 5, 12), (second.Received, second.Started, second.Duplicates, second.Recorded, second.Deleted));
    }

    [Fact]
    public async Task Replay_ReportOnly_CountsByOutcomeSeverityActionAndActor()
    {
        await WriteLogFileAsync(Path.Combine(_dir, "x.json.gz"), [Record("r1", "ecs.amazonaws.com", "DeleteService"), Record("r2", "ecs.amazonaws.com", "DeleteService"), Record("r3", "ecs.amazonaws.com", "ListTasks")]);
        using var report = new StringWriter();
        Assert.Equal(0, await ReplayAsync([_dir], report));
        string text = report.ToString();
        Assert.Contains("files 1, records 3, ECS records 3", text, StringComparison.Ordinal);
        Assert.Contains("       2  High", text, StringComparison.Ordinal);
        Assert.Contains("       2  DeleteService", text, StringComparison.Ordinal);
        Assert.Contains("       1  Ignored", text, StringComparison.Ordinal);
    }

    private static async Task WriteLogFileAsync(string path, IEnumerable<string> records)
    {
        await using var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        await gz.WriteAsync(Encoding.UTF8.GetBytes($$"""{"Records":[{{string.Join(",", records)}}]}"""));
    }

    private static string Record(string id, string source, string name) =>
        $$"""{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/ops/bob","accountId":"111122223333"},"eventTime":"2026-11-27T09:00:00Z","eventSource":"{{source}}","eventName":"{{name}}","awsRegion":"eu-west-1","sourceIPAddress":"198.51.100.1","userAgent":"aws-cli/2.22.4","requestParameters":{"cluster":"prod"},"eventID":"{{id}}","recipientAccountId":"111122223333"}""";

    /// <summary>`ecs-rtma replay ARGS` through the command line's one parser; its standard output goes to <paramref name="report"/>.</summary>
    private static async Task<int> ReplayAsync(string[] args, StringWriter report)
    {
        using var output = new MemoryStream();
        int code = await CliApp.RunAsync(["replay", .. args], new CliIo(Stream.Null, output, TextWriter.Null));
        await report.WriteAsync(System.Text.Encoding.UTF8.GetString(output.ToArray()));
        return code;
    }
}
