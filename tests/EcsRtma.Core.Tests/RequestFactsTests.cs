using System.Text.Json;
using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;
using EcsRtma.Detection;
using EcsRtma.Detection.Catalog;
using EcsRtma.Testing;

namespace EcsRtma.Core.Tests;

/// <summary>
/// The request is read once, in the parser's pass (issue 14): what the detectors judge comes from
/// <see cref="RequestFacts"/>, property names are compared after unescaping, and the facts (which
/// hold environment values) never reach a serializer. And the ECS-only fast path: records of other
/// services are recognised after eventSource, ECS records come out exactly as in a full parse.
/// </summary>
public sealed class RequestFactsTests
{
    private readonly ChangeClassifier _classifier = new(EcsActionCatalog.Default);

    private static string Record(string eventName, string requestParameters, string source = "\"eventSource\":\"ecs.amazonaws.com\"") =>
        $$"""{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/ops/alice","accountId":"111122223333"},"eventTime":"2026-12-01T10:00:00Z",{{source}},"eventName":"{{eventName}}","awsRegion":"eu-west-1","sourceIPAddress":"198.51.100.7","userAgent":"aws-cli/2.22.4","requestParameters":{{requestParameters}},"responseElements":null,"eventID":"0f8e5a7c-1111-4222-8333-944455556666","recipientAccountId":"111122223333"}""";

    private Verdict Classify(string json, ParseScope scope = ParseScope.All)
    {
        ParseResult parsed = CloudTrailParser.Parse(System.Text.Encoding.UTF8.GetBytes(json), scope);
        Assert.True(parsed.IsSuccess, parsed.Error);
        return _classifier.Classify(parsed.Event!);
    }

    [Fact]
    public void EscapedContainerOverridesName_IsStillInspected()
    {
        // "container\u004fverrides" is containerOverrides to every JSON reader, ECS's included; a raw text
        // search for the name missed it, and the launch's credential-stealing command went unreported.
        string json = Record("RunTask", """{"cluster":"prod","taskDefinition":"job:1","overrides":{"container\u004fverrides":[{"name":"job","command":["sh","-c","curl 169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"]}]}}""");
        Verdict v = Classify(json);
        Finding f = Assert.Single(v.Findings, f => f.Id == FindingIds.CredentialsEndpointCommand);
        Assert.Equal("overrides.containerOverrides[0].command", f.Field);
    }

    [Fact]
    public void EscapedNamesInsideATaskDefinition_AreRead()
    {
        string json = Record("RegisterTaskDefinition", """{"family":"api","networkMode":"awsvpc","containerDefinitions":[{"name":"app","image":"x","privil\u0065ged":true,"user":"1000","environ\u006dent":[{"name":"DB_PASSWORD","value":"hunter2-hunter2"}],"entryPoint":["sh","-c","wget -qO- http://169.254.170.2\u0024AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"]}]}""");
        Verdict v = Classify(json);
        Assert.Contains(v.Findings, f => f.Id == FindingIds.PrivilegedContainer);
        Assert.Contains(v.Findings, f => f.Id == FindingIds.PlaintextSecretEnvironment && f.Field == "containerDefinitions[0].environment[0]");
        Assert.Contains(v.Findings, f => f.Id == FindingIds.CredentialsEndpointCommand && f.Field == "containerDefinitions[0].entryPoint");
    }

    [Fact]
    public void TaskDefinition_IsReadInTheParsersPass_AndNeverSerialized()
    {
        string json = Record("RegisterTaskDefinition", """{"family":"api","cpu":"4 vCPU","volumes":[{"name":"scratch"},{"name":"shared","efsVolumeConfiguration":{"fileSystemId":"fs-1"}}],"containerDefinitions":[{"name":"app","image":"miner/xmrig","memory":512,"environment":[{"name":"LOG_LEVEL","value":"info"},7,{"name":"API_TOKEN","value":"s3cr3t-VALUE-123"}]},"not a container",{"name":"sidecar","image":"public.ecr.aws/x/y","cpu":64}]}""");
        CloudTrailEvent e = CloudTrailParser.Parse(json).Event!;

        TaskDefinitionFacts td = e.Request!.TaskDefinition;
        Assert.Equal(4096, td.Cpu);
        Assert.Equal([1], td.EfsVolumes.Select(v => v.Index));
        Assert.Equal([0, 2], td.Containers.Select(c => c.Index));
        Assert.Equal([0, 2], td.Containers[0].Environment.Select(v => v.Index));
        Verdict v = _classifier.Classify(e);
        Assert.Contains(v.Findings, f => f.Id == FindingIds.CryptominingShape && f.Container == "app");
        Assert.Contains(v.Findings, f => f.Id == FindingIds.EfsTransitEncryptionDisabled && f.Field == "volumes[1].efsVolumeConfiguration.transitEncryption");
        Assert.Contains(v.Findings, f => f.Id == FindingIds.PlaintextSecretEnvironment && f.Field == "containerDefinitions[0].environment[2]");

        string serialized = JsonSerializer.Serialize(e);
        Assert.DoesNotContain("s3cr3t", serialized, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Request\"", serialized, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", JsonSerializer.Serialize(v), StringComparison.Ordinal);
    }

    [Fact]
    public void EcsOnly_RecognisesAnotherServicesRecord_WithoutBuildingIt()
    {
        string json = Record("GetObject", """{"bucketName":"b","key":"k"}""", "\"eventSource\":\"s3.amazonaws.com\"");
        ParseResult r = CloudTrailParser.Parse(System.Text.Encoding.UTF8.GetBytes(json), ParseScope.EcsOnly);
        Assert.False(r.IsSuccess);
        Assert.True(r.IsOtherSource);
        Assert.Equal("s3.amazonaws.com", r.OtherSourceName);
        Assert.Equal("eventSource is s3.amazonaws.com, not ecs.amazonaws.com", r.Error);

        // Still validated: broken JSON after eventSource is a rejection, not another service's record.
        ParseResult broken = CloudTrailParser.Parse(System.Text.Encoding.UTF8.GetBytes(json[..^1] + ",}"), ParseScope.EcsOnly);
        Assert.False(broken.IsOtherSource);
        Assert.StartsWith("not valid JSON", broken.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"eventSource\":\"ecs.amazon\\u0061ws.com\"")]
    [InlineData("\"eventSource\":\" ecs.amazonaws.com\"")]
    [InlineData("\"eventSource\":\"s3.amazonaws.com\",\"eventSource\":\"ecs.amazonaws.com\"")]
    public void EcsOnly_NeverSkipsWhatAFullParseCallsEcs(string source)
    {
        // An escaped or padded eventSource, or a second one after another service's: the fast path must
        // come to the same verdict as a full parse, findings and all, or it could blind the monitor.
        string json = Record("RegisterTaskDefinition", """{"family":"api","containerDefinitions":[{"name":"app","image":"x","privileged":true}]}""", source);
        Verdict full = Classify(json, ParseScope.All);
        Verdict fast = Classify(json, ParseScope.EcsOnly);
        Assert.Equal(Outcome.Alert, full.Outcome);
        Assert.Contains(full.Findings, f => f.Id == FindingIds.PrivilegedContainer);
        Assert.Equal(JsonSerializer.Serialize(full), JsonSerializer.Serialize(fast));
    }

    [Fact]
    public void EcsOnly_ASecondEventSourceAtTheEnd_ReadsEverythingItSkipped()
    {
        // Everything between another service's eventSource and the ECS one was skipped by the fast
        // path; the record must still come out whole, request findings included.
        string json = Record("RegisterTaskDefinition", """{"family":"api","containerDefinitions":[{"name":"app","image":"x","privileged":true}]}""", "\"eventSource\":\"s3.amazonaws.com\"")[..^1]
            + ",\"eventSource\":\"ecs.amazonaws.com\"}";
        Verdict full = Classify(json, ParseScope.All);
        Verdict fast = Classify(json, ParseScope.EcsOnly);
        Assert.Contains(fast.Findings, f => f.Id == FindingIds.PrivilegedContainer);
        Assert.Equal("RegisterTaskDefinition", fast.EventName);
        Assert.Equal(JsonSerializer.Serialize(full), JsonSerializer.Serialize(fast));
    }

    [SkippableFact]
    public void EcsOnly_AgreesWithAFullParse_OnGenuineRecords()
    {
        string[] lines = [.. File.ReadAllLines(SharedData.RequireFile("realdata/cloudtrail-ecs-events.jsonl")),
            .. File.ReadAllLines(SharedData.RequireFile("realdata/cloudtrail-other-events.jsonl"))];
        int other = 0, ecs = 0;
        foreach (string line in lines.Where(l => l.Trim().Length > 0))
        {
            ParseResult full = CloudTrailParser.Parse(line);
            ParseResult fast = CloudTrailParser.Parse(System.Text.Encoding.UTF8.GetBytes(line), ParseScope.EcsOnly);
            if (full.IsSuccess && full.Event!.EventSource != CloudTrailParser.EcsEventSource)
            {
                Assert.True(fast.IsOtherSource, line[..Math.Min(120, line.Length)]);
                Assert.Equal(full.Event.EventSource, fast.OtherSourceName);
                other++;
            }
            else if (full.IsSuccess)
            {
                Assert.True(fast.IsSuccess, fast.Error);
                Assert.Equal(JsonSerializer.Serialize(_classifier.Classify(full.Event!)), JsonSerializer.Serialize(_classifier.Classify(fast.Event!)));
                ecs++;
            }
            else
            {
                Assert.Equal(full.Error, fast.Error);
            }
        }

        Assert.True(other > 50 && ecs > 5, $"{other} other-service and {ecs} ECS records compared");
    }
}
