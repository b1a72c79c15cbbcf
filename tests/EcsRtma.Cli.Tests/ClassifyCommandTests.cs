using System.IO.Compression;
using System.Text;
using System.Text.Json;
using EcsRtma.LocalHost.Terminal;
using EcsRtma.Testing;

namespace EcsRtma.Cli.Tests;

public sealed class ClassifyCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecsrtma-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Classify_GzippedCloudTrailLogFile_GivesOneVerdictPerRecord()
    {
        string record1 = Record("e1", "DeleteService");
        string record2 = Record("e2", "DescribeClusters");
        string path = Path.Combine(_dir, "111122223333_CloudTrail_eu-west-1_20261127T0900Z_abc.json.gz");
        await using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            await gz.WriteAsync(Encoding.UTF8.GetBytes($$"""{"Records":[{{record1}},{{record2}}]}"""));
        }

        (int code, JsonElement[] rows, _) = await RunAsync([path]);
        Assert.Equal(0, code);
        Assert.Equal(["alert", "ignored"], rows.Select(r => r.GetProperty("outcome").GetString()));
        Assert.Equal("high", rows[0].GetProperty("severity").GetString());
        Assert.Equal("AssumedRole", rows[0].GetProperty("actor").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Classify_LogFileNamingRecordsTwice_ReadsBothArrays()
    {
        // A JSON document object model keeps one of two same-named properties; the log file reader
        // reads every top-level Records array, so a second one cannot hide the first's records.
        string path = Path.Combine(_dir, "twice.json");
        await File.WriteAllTextAsync(path, $$"""{"Records":[{{Record("e1", "DeleteService")}}],"Other":{"Records":[1]},"Records":[{{Record("e2", "StopTask")}},"not a record"]}""");

        (int code, JsonElement[] rows, _) = await RunAsync([path, "--format", "json"]);
        Assert.Equal(0, code);
        Assert.Equal(["e1", "e2", null], rows.Select(r => r.GetProperty("eventId").GetString()));
        Assert.Equal(["alert", "alert", "rejected"], rows.Select(r => r.GetProperty("outcome").GetString()));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Classify_LogFileWithAnEscapedRecordsName_StillGivesEachRecord(bool oneLine)
    {
        // "Rec\u006frds" is "Records" to every JSON reader: the file's records must not become one rejection.
        string path = Path.Combine(_dir, "escaped.json");
        string separator = oneLine ? "," : ",\n";
        await File.WriteAllTextAsync(path, $$"""{"Rec\u006frds":[{{Record("e1", "DeleteService")}}{{separator}}{{Record("e2", "DescribeClusters")}}]}""");

        (int code, JsonElement[] rows, _) = await RunAsync([path]);
        Assert.Equal(0, code);
        Assert.Equal(["alert", "ignored"], rows.Select(r => r.GetProperty("outcome").GetString()));
    }

    [Fact]
    public async Task Classify_LogFileWithTrailingGarbage_IsRejectedWhole()
    {
        string path = Path.Combine(_dir, "trailing.json");
        await File.WriteAllTextAsync(path, $$"""{"Records":[{{Record("e1", "DeleteService")}}]} x""");

        (int code, JsonElement[] rows, _) = await RunAsync([path]);
        Assert.Equal(0, code);
        JsonElement row = Assert.Single(rows);
        Assert.Equal("rejected", row.GetProperty("outcome").GetString());
        Assert.StartsWith("not valid JSON", row.GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Classify_JsonLinesWithABadLine_RejectsThatLineAndGoesOn()
    {
        string path = Path.Combine(_dir, "trail.jsonl");
        await File.WriteAllTextAsync(path, Record("e1", "StopTask") + "\n{oops\n\n" + Some.EventBridgeMessage("e3", "CreateService").ReplaceLineEndings(" ") + "\n");

        (int code, JsonElement[] rows, _) = await RunAsync([path]);
        Assert.Equal(0, code);
        Assert.Equal(["alert", "rejected", "alert"], rows.Select(r => r.GetProperty("outcome").GetString()));
        Assert.StartsWith("not valid JSON", rows[1].GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("eventId").ValueKind);
    }

    [Fact]
    public async Task Classify_PrettyPrintedSampleFromStdin_Works()
    {
        string sample = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Samples, "04-put-account-setting-default-root.json"));
        (int code, JsonElement[] rows, _) = await RunAsync(["-"], stdin: sample);
        Assert.Equal(0, code);
        JsonElement row = Assert.Single(rows);
        Assert.Equal("critical", row.GetProperty("severity").GetString());
        Assert.Contains(row.GetProperty("findings").EnumerateArray(), f => f.GetProperty("id").GetString() == "root-principal");
    }

    [Fact]
    public async Task Classify_WithPolicy_JudgesPrivilegeAndSuppresses()
    {
        string policy = Path.Combine(RepoPaths.Root, "samples", "policies", "example-policy.yaml");
        (int code, JsonElement[] rows, _) = await RunAsync(["--policy", policy, Path.Combine(RepoPaths.Samples, "03-delete-cluster-denied-cli.json"), Path.Combine(RepoPaths.Samples, "01-update-service-console-sso.json")]);
        Assert.Equal(0, code);
        Assert.False(rows[0].GetProperty("actor").GetProperty("privileged").GetBoolean());
        Assert.Contains(rows[0].GetProperty("findings").EnumerateArray(), f => f.GetProperty("id").GetString() == "non-privileged-principal");
        Assert.True(rows[1].GetProperty("actor").GetProperty("privileged").GetBoolean());
    }

    [Fact]
    public async Task Classify_TableFormat_PrintsAHeaderAndFindings()
    {
        (int code, _, string output) = await RunAsync(["--format", "table", Path.Combine(RepoPaths.Samples, "04-put-account-setting-default-root.json")]);
        Assert.Equal(0, code);
        Assert.StartsWith("OUTCOME", output, StringComparison.Ordinal);
        Assert.Contains("root-principal", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Classify_MissingFile_ExitsOneWithAMessage()
    {
        (int code, _, _, string error) = await RunRawAsync([Path.Combine(_dir, "nope.json")]);
        Assert.Equal(1, code);
        Assert.Contains("cannot read", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Classify_InvalidPolicy_ExitsTwoNamingTheField()
    {
        string policy = Path.Combine(_dir, "bad.json");
        await File.WriteAllTextAsync(policy, """{"suppress":[{"name":"x","actions":["Nope"]}]}""");
        (int code, _, _, string error) = await RunRawAsync(["--policy", policy, "-"]);
        Assert.Equal(2, code);
        Assert.Contains("suppress[0].actions[0]", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Classify_EcsOnly_SkipsOtherServicesRecords_AndSaysHowMany(bool jsonLines)
    {
        // An organisation trail: the fast path (JSON Lines) and the log-file path skip the same records;
        // an unreadable line is still reported, never skipped as "another service".
        string s3 = Record("e2", "GetBucketAcl").Replace("ecs.amazonaws.com", "s3.amazonaws.com", StringComparison.Ordinal);
        string kms = Record("e4", "Decrypt").Replace("ecs.amazonaws.com", "kms.amazonaws.com", StringComparison.Ordinal);
        string path = Path.Combine(_dir, jsonLines ? "org.jsonl" : "org.json");
        await File.WriteAllTextAsync(path, jsonLines
            ? string.Join('\n', Record("e1", "DeleteService"), s3, "{oops", kms, Record("e5", "UpdateService")) + "\n"
            : $$"""{"Records":[{{Record("e1", "DeleteService")}},{{s3}},{{kms}},{{Record("e5", "UpdateService")}}]}""");

        (int code, JsonElement[] rows, _, string errors) = await RunRawAsync(["--ecs-only", path]);
        Assert.Equal(0, code);
        string[] expected = jsonLines ? ["e1", "rejected", "e5"] : ["e1", "e5"];
        Assert.Equal(expected, rows.Select(r => r.GetProperty("eventId").GetString() ?? r.GetProperty("outcome").GetString()));
        Assert.Contains("2 records of other services skipped (--ecs-only)", errors, StringComparison.Ordinal);

        (_, JsonElement[] all, _) = await RunAsync([path]);
        Assert.Equal(jsonLines ? 5 : 4, all.Length);
    }

    private static string Record(string id, string name) =>
        $$"""{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/ops/bob","accountId":"111122223333"},"eventTime":"2026-11-27T09:00:00Z","eventSource":"ecs.amazonaws.com","eventName":"{{name}}","awsRegion":"eu-west-1","sourceIPAddress":"198.51.100.1","userAgent":"aws-cli/2.22.4","requestParameters":{"cluster":"prod"},"eventID":"{{id}}","recipientAccountId":"111122223333"}""";

    private static async Task<(int, JsonElement[], string)> RunAsync(string[] args, string stdin = "")
    {
        (int code, JsonElement[] rows, string output, _) = await RunRawAsync(args, stdin);
        return (code, rows, output);
    }

    private static async Task<(int, JsonElement[], string, string)> RunRawAsync(string[] args, string stdin = "")
    {
        using var output = new MemoryStream();
        using var error = new StringWriter();
        int code = await CliApp.RunAsync(["classify", .. args], new CliIo(new MemoryStream(Encoding.UTF8.GetBytes(stdin)), output, error));
        string text = Encoding.UTF8.GetString(output.ToArray());
        JsonElement[] rows = text.StartsWith('{')
            ? [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())]
            : [];
        return (code, rows, text, error.ToString());
    }
}
