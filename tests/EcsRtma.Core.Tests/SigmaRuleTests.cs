using System.Text.Json;
using EcsRtma.Core.Findings;
using EcsRtma.Detection.Sigma;

namespace EcsRtma.Core.Tests;

/// <summary>The Sigma engine (issue 23, first part): rules as written to the specification, compiled once, run on CloudTrail records.</summary>
public sealed class SigmaRuleTests
{
    /// <summary>A RegisterTaskDefinition record shaped as CloudTrail writes it (two containers, one privileged, a base64 command).</summary>
    private const string Record = """
        {"eventVersion":"1.09","eventSource":"ecs.amazonaws.com","eventName":"RegisterTaskDefinition","awsRegion":"eu-west-1",
         "sourceIPAddress":"198.51.100.7","userAgent":"aws-cli/2.22.4","eventID":"6b7f7e0c-1d2e-4f3a-9b8c-0d1e2f3a4b5c","readOnly":false,
         "userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/ops/alice","accountId":"111122223333"},
         "recipientAccountId":"111122223333",
         "requestParameters":{"family":"api","cpu":"4096","networkMode":"awsvpc",
           "containerDefinitions":[
             {"name":"app","image":"111122223333.dkr.ecr.eu-west-1.amazonaws.com/api:42","privileged":false,"command":["/bin/sh","-c","echo aWQ7IGN1cmwgaHR0cDovLzE2OS4yNTQuMTcwLjIvdjIvY3JlZGVudGlhbHM= | base64 -d | sh"],
              "environment":[{"name":"GREETING","value":"hello"}]},
             {"name":"sidecar","image":"docker.io/evil/miner:latest","privileged":true,"mountPoints":[{"sourceVolume":"docker-sock","containerPath":"/var/run/docker.sock"}]}],
           "volumes":[{"name":"docker-sock","host":{"sourcePath":"/var/run/docker.sock"}}]}}
        """;

    private static readonly JsonElement Event = JsonDocument.Parse(Record).RootElement;

    [Theory]
    [InlineData("eventName: RegisterTaskDefinition", true)]
    [InlineData("eventName: registertaskdefinition", true)] // case-insensitive by default
    [InlineData("eventName|cased: registertaskdefinition", false)]
    [InlineData("eventName|startswith: Register", true)]
    [InlineData("eventName|endswith: Definition", true)]
    [InlineData("eventName|contains: TaskDef", true)]
    [InlineData("eventName: Register*Definition", true)]
    [InlineData("eventName: Register?askDefinition", true)]
    [InlineData("eventName: 'Register\\*Definition'", false)] // an escaped wildcard is a plain *
    [InlineData("requestParameters.containerDefinitions.privileged: true", true)] // booleans as their JSON text; any element of a list
    [InlineData("requestParameters.cpu: 4096", true)]
    [InlineData("requestParameters.cpu|gte: 4096", true)]
    [InlineData("requestParameters.cpu|lt: 4096", false)]
    [InlineData("requestParameters.containerDefinitions.image|contains: docker.io/", true)]
    [InlineData("requestParameters.volumes.host.sourcePath: /var/run/docker.sock", true)]
    [InlineData("requestParameters.containerDefinitions.environment|contains: hello", true)] // a field naming a list matches any value inside
    [InlineData("requestParameters.containerDefinitions.command|contains|all: ['base64 -d', '| sh']", true)]
    [InlineData("requestParameters.containerDefinitions.command|contains|all: ['base64 -d', 'wget']", false)]
    [InlineData("requestParameters.containerDefinitions.command|re: 'base64 +-d *\\| *(ba)?sh'", true)]
    [InlineData("requestParameters.containerDefinitions.command|re: 'BASE64 -D'", false)] // re is case-sensitive…
    [InlineData("requestParameters.containerDefinitions.command|re|i: 'BASE64 -D'", true)] // …unless i
    [InlineData("requestParameters.containerDefinitions.command|base64offset|contains: 169.254.170.2", true)]
    [InlineData("requestParameters.containerDefinitions.command|base64offset|contains: 169.254.169.254", false)]
    [InlineData("requestParameters.containerDefinitions.command|windash: '/c'", true)] // -c written as /c
    [InlineData("requestParameters.containerDefinitions.command: '/c'", false)]
    [InlineData("sourceIPAddress|cidr: 198.51.100.0/24", true)]
    [InlineData("sourceIPAddress|cidr: 10.0.0.0/8", false)]
    [InlineData("errorCode|exists: false", true)]
    [InlineData("userAgent|exists: true", true)]
    [InlineData("errorCode: null", true)] // missing counts as null
    [InlineData("userAgent: null", false)]
    [InlineData("recipientAccountId|fieldref: userIdentity.accountId", true)]
    [InlineData("recipientAccountId|fieldref|neq: userIdentity.accountId", false)]
    [InlineData("eventName|neq: DeleteService", true)]
    [InlineData("requestParameters.nowhere.at.all: anything", false)]
    public void Field_AsTheSpecificationSays(string selection, bool matches) =>
        Assert.Equal(matches, Rule($"sel:\n    {selection}", "sel").Matches(Event));

    [Theory]
    [InlineData("sel_a and sel_b", true)]
    [InlineData("sel_a and not sel_c", true)]
    [InlineData("sel_a and sel_c", false)]
    [InlineData("not (sel_c or sel_d)", true)]
    [InlineData("1 of sel_*", true)]
    [InlineData("all of sel_*", false)]
    [InlineData("all of sel_a*", true)]
    [InlineData("1 of them", true)]
    [InlineData("all of them", false)]
    [InlineData("sel_c or (sel_a and (sel_b or sel_d))", true)]
    public void Condition_AndOrNotParenthesesQuantifiers(string condition, bool matches)
    {
        const string selections = """
            sel_a:
                eventSource: ecs.amazonaws.com
            sel_a2:
                awsRegion: eu-*
            sel_b:
                - eventName: Nope
                - requestParameters.family: api
            sel_c:
                eventName: DeleteService
            sel_d:
                readOnly: true
            """;
        Assert.Equal(matches, Rule(selections, condition).Matches(Event));
    }

    [Fact]
    public void Keywords_AreSearchedInEveryValue()
    {
        Assert.True(Rule("keywords:\n    - 'docker.sock'\n    - 'nothing-like-this'", "keywords").Matches(Event));
        Assert.False(Rule("keywords:\n    - 'nothing-like-this'", "keywords").Matches(Event));
    }

    [Fact]
    public void Metadata_LevelToSeverity_Logsource_FieldsRead()
    {
        SigmaRule rule = SigmaRuleLoader.Parse("""
            title: Privileged container in an ECS task definition
            id: 5f0c2a7e-8d8b-4f7e-9e3a-1b2c3d4e5f60
            status: experimental
            level: critical
            tags: [attack.privilege_escalation, attack.t1611]
            references: [https://kubernetes.io/docs/concepts/security/pod-security-standards/]
            falsepositives: [Node agents]
            logsource: {product: aws, service: cloudtrail}
            detection:
                selection:
                    eventName: RegisterTaskDefinition
                    requestParameters.containerDefinitions.privileged: true
                condition: selection
            """, "privileged.yml").Single();

        Assert.Equal((Severity.Critical, true, "privileged.yml"), (rule.Severity, rule.ForCloudTrail, rule.Source));
        Assert.Equal(["attack.privilege_escalation", "attack.t1611"], rule.Tags);
        Assert.Equal(["Node agents"], rule.FalsePositives);
        Assert.Equal(["eventName", "requestParameters.containerDefinitions.privileged"], rule.Fields);
        Assert.True(rule.Matches(Event));
        Assert.False(SigmaRuleLoader.Parse("title: t\nlogsource: {product: windows}\ndetection: {s: {a: b}, condition: s}", "w.yml").Single().ForCloudTrail);
    }

    [Theory]
    [InlineData("title: t\nlogsource: {product: aws}\ndetection: {s: {a: b}, condition: s and other}", "detection.condition", "names 'other', which is not a selection")]
    [InlineData("title: t\nlogsource: {product: aws}\ndetection: {s: {a: b}, condition: 1 of x*}", "detection.condition", "matches no selection")]
    [InlineData("title: t\nlogsource: {product: aws}\ndetection: {s: {a|utf16le: b}, condition: s}", "detection.s.a|utf16le", "modifier 'utf16le' is not supported")]
    [InlineData("title: t\nlogsource: {product: aws}\ndetection: {s: {a|i: b}, condition: s}", "detection.s.a|i", "sub-modifier of re")]
    [InlineData("title: t\nlogsource: {product: aws}\ndetection: {s: {a|re: '(?=x)y'}, condition: s}", "detection.s.a|re", "linear time")]
    [InlineData("title: t\nlogsource: {product: aws}\ndetection: {s: {a|cidr: 'not-a-range'}, condition: s}", "detection.s.a|cidr", "not a CIDR range")]
    [InlineData("title: t\nlogsource: {product: aws}\ndetection: {s: {a: [x, null]}, condition: s}", "detection.s.a", "null cannot be one of a list")]
    [InlineData("title: t\nlogsource: {product: aws}\ndetection: {s: {a|contains|all: x}, condition: s}", "detection.s.a|contains|all", "needs a list")]
    [InlineData("title: t\nid: not-a-uuid\nlogsource: {product: aws}\ndetection: {s: {a: b}, condition: s}", "id", "is not a UUID")]
    [InlineData("title: t\nlevel: severe\nlogsource: {product: aws}\ndetection: {s: {a: b}, condition: s}", "level", "'severe' is not one of")]
    [InlineData("logsource: {product: aws}\ndetection: {s: {a: b}, condition: s}", "title", "needs a title")]
    [InlineData("title: t\ndetection: {s: {a: b}, condition: s}", "logsource", "needs a logsource")]
    [InlineData("title: t\nlogsource: {product: aws}\ndetection: {s: {a: b}}", "detection.condition", "needs a condition")]
    [InlineData("title: t\nlogsource: {product: aws}\ndetection: {s: {a: b}, condition: (s}", "detection.condition", "not closed")]
    [InlineData("title: t\nlogsource: {product: aws}\ndetection: {s: {a: b}, condition: s s}", "detection.condition", "unexpected 's'")]
    public void BrokenRule_IsRefused_NamingFileRuleAndField(string yaml, string field, string problem)
    {
        SigmaRuleException refused = Assert.Throws<SigmaRuleException>(() => SigmaRuleLoader.Parse(yaml, "rules/broken.yml"));
        Assert.Equal(("rules/broken.yml", field), (refused.RuleSource, refused.Field));
        Assert.Contains(problem, refused.Message, StringComparison.Ordinal);
        Assert.StartsWith("rules/broken.yml: rule ", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NotYaml_IsRefusedWithItsLine() =>
        Assert.Contains("line 2", Assert.Throws<SigmaRuleException>(() => SigmaRuleLoader.Parse("title: t\n  : : [", "bad.yml")).Message, StringComparison.Ordinal);

    private static SigmaRule Rule(string selections, string condition) =>
        SigmaRuleLoader.Parse($"title: test\nlogsource:\n    product: aws\n    service: cloudtrail\ndetection:\n    {selections.Replace("\n", "\n    ", StringComparison.Ordinal)}\n    condition: {condition}\n", "test.yml").Single();
}
