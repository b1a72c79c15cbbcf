using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;
using EcsRtma.Detection;
using EcsRtma.Detection.Catalog;
using EcsRtma.Detection.Policy;
using EcsRtma.Testing;

namespace EcsRtma.Core.Tests;

public sealed class ChangeClassifierTests
{
    private readonly ChangeClassifier _classifier = new(EcsActionCatalog.Default);

    [Fact]
    public void Classify_MonitoredAction_AlertsWithCatalogSeverityContextAndRemediation()
    {
        Verdict v = _classifier.Classify(Some.Change("DeleteService"));
        Assert.Equal(Outcome.Alert, v.Outcome);
        Assert.Equal(Severity.High, v.Severity);
        Assert.Equal("service", v.ResourceType);
        Assert.Equal(("payments-prod", "checkout-api", "198.51.100.7"), (v.Cluster, v.Service, v.SourceIp));
        Assert.Equal(CallVia.Cli, v.Actor.Via);
        Assert.Null(v.Actor.Privileged);
        Assert.StartsWith("High: DeleteService by ops/alice in 111122223333/eu-west-1 (cluster payments-prod)", v.Title, StringComparison.Ordinal);
        Assert.Contains(v.Remediation, r => r.Contains("restore from IaC", StringComparison.Ordinal));
    }

    [Fact]
    public void Classify_Root_IsCriticalWithAFinding()
    {
        Verdict v = _classifier.Classify(Some.Change("CreateCluster", identityType: "Root"));
        Assert.Equal(Severity.Critical, v.Severity);
        Assert.Contains(v.Findings, f => f.Id == FindingIds.RootPrincipal);
    }

    [Fact]
    public void Classify_FailedCall_IsAnAttemptedChangeNotAChange()
    {
        Verdict v = _classifier.Classify(Some.Change("DeleteCluster", errorCode: "AccessDenied"));
        Assert.Equal(Outcome.Alert, v.Outcome);
        Assert.True(v.Attempted);
        Assert.Contains("attempted DeleteCluster", v.Title, StringComparison.Ordinal);
        Finding attempt = Assert.Single(v.Findings, f => f.Id == FindingIds.AttemptedChange);
        Assert.Contains("reconnaissance", attempt.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DescribeServices", "is a read-only call")]
    [InlineData("ListClusters", "is a read-only call")]
    [InlineData("CreateWidget", "is not in the ECS action catalog")]
    public void Classify_UnmonitoredEcsCall_IsIgnoredWithReason(string eventName, string reason)
    {
        Verdict v = _classifier.Classify(Some.Change(eventName));
        Assert.Equal(Outcome.Ignored, v.Outcome);
        Assert.Null(v.Severity);
        Assert.Contains(v.Reasons, r => r.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Classify_NonPrivilegedPrincipal_IsHighNotAcceptableRisk_WithADenyPolicy()
    {
        var policy = new DetectionPolicy { Privileged = { RoleNames = ["platform-*"] } };
        Verdict v = new ChangeClassifier(EcsActionCatalog.Default, policy).Classify(WithRole(Some.Change("RunTask"), "contractor-role"));

        Assert.False(v.Actor.Privileged);
        Assert.Equal(Severity.High, v.Severity);
        Finding finding = Assert.Single(v.Findings, f => f.Id == FindingIds.NonPrivilegedPrincipal);
        Assert.StartsWith("High, not acceptable risk", finding.Message, StringComparison.Ordinal);
        Assert.Contains(v.Remediation, r => r.Contains("\"Effect\":\"Deny\",\"Action\":[\"ecs:RunTask\"]", StringComparison.Ordinal) && r.Contains("role contractor-role", StringComparison.Ordinal));
    }

    [Fact]
    public void Classify_PrivilegedByRolePermissionSetOrArn_KeepsCatalogSeverity()
    {
        var byRole = new DetectionPolicy { Privileged = { RoleNames = ["platform-*"] } };
        var bySet = new DetectionPolicy { Privileged = { PermissionSets = ["PlatformAdmin"] } };
        var byArn = new DetectionPolicy { Privileged = { Arns = ["arn:aws:iam::111122223333:role/platform-*"] } };

        Verdict role = new ChangeClassifier(EcsActionCatalog.Default, byRole).Classify(WithRole(Some.Change("RunTask"), "platform-deployer"));
        Verdict sso = new ChangeClassifier(EcsActionCatalog.Default, bySet).Classify(WithRole(Some.Change("RunTask"), "AWSReservedSSO_PlatformAdmin_0123456789abcdef"));
        Verdict arn = new ChangeClassifier(EcsActionCatalog.Default, byArn).Classify(WithRole(Some.Change("RunTask"), "platform-deployer"));

        Assert.All([role, sso, arn], v => Assert.True(v.Actor.Privileged));
        Assert.All([role, sso, arn], v => Assert.Equal(Severity.Medium, v.Severity));
        Assert.Equal("PlatformAdmin", sso.Actor.PermissionSet);
    }

    [Fact]
    public void Classify_EcsAgentHousekeeping_IsIgnored_ButTheSameCallByAHumanIsHigh()
    {
        CloudTrailEvent agent = Some.Change("SubmitTaskStateChange") with { UserAgent = "Amazon ECS Agent - v1.89.0 (0e30ea5a) (+http://aws.amazon.com/ecs/)" };
        CloudTrailEvent human = Some.Change("SubmitTaskStateChange");

        Assert.Equal(Outcome.Ignored, _classifier.Classify(agent).Outcome);
        Verdict v = _classifier.Classify(human);
        Assert.Equal((Outcome.Alert, Severity.High), (v.Outcome, v.Severity));
    }

    [Fact]
    public void Classify_CrossAccountCaller_IsAFinding()
    {
        CloudTrailEvent e = Some.Change("UpdateService") with { UserIdentity = Some.Change().UserIdentity with { AccountId = "999988887777" } };
        Assert.Contains(_classifier.Classify(e).Findings, f => f.Id == FindingIds.CrossAccountCall && f.Message.Contains("999988887777", StringComparison.Ordinal));
    }

    [Fact]
    public void Classify_ExecuteCommand_IsAnInteractiveShellFinding()
    {
        CloudTrailEvent e = Some.Change("ExecuteCommand") with { Request = RequestFacts.Parse("""{"cluster":"prod","container":"app","command":"/bin/sh","interactive":true,"task":"abc"}""") };
        Verdict v = _classifier.Classify(e);
        Finding shell = Assert.Single(v.Findings, f => f.Id == FindingIds.InteractiveShell);
        Assert.Equal("app", shell.Container);
        Assert.Equal(Severity.High, v.Severity);
    }

    [Fact]
    public void Classify_RunTaskWithOverrides_InspectsCommandAndEnvironment()
    {
        CloudTrailEvent e = Some.Change("RunTask") with
        {
            AssignPublicIp = true,
            Request = RequestFacts.Parse("""{"cluster":"prod","taskDefinition":"app:3","overrides":{"containerOverrides":[{"name":"app","command":["sh","-c","curl 169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"],"environment":[{"name":"AWS_SECRET_ACCESS_KEY","value":"x"}]}]},"networkConfiguration":{"awsvpcConfiguration":{"assignPublicIp":"ENABLED"}}}"""),
        };
        Verdict v = _classifier.Classify(e);
        Assert.Contains(v.Findings, f => f.Id == FindingIds.CredentialsEndpointCommand && f.Field == "overrides.containerOverrides[0].command");
        Assert.Contains(v.Findings, f => f.Id == FindingIds.PlaintextSecretEnvironment && f.Severity == Severity.Critical);
        Assert.Contains(v.Findings, f => f.Id == FindingIds.PublicIpAssigned);
        Assert.Equal(Severity.Critical, v.Severity);
        Assert.DoesNotContain(v.Reasons, r => r.Contains("\"x\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Classify_PolicySeverityOverrides_ApplyToActionsAndFindings()
    {
        var policy = new DetectionPolicy { Severity = { Actions = { ["DeleteService"] = Severity.Critical }, Findings = { [FindingIds.WritableRootFilesystem] = Severity.Medium } } };
        var classifier = new ChangeClassifier(EcsActionCatalog.Default, policy);
        Assert.Equal(Severity.Critical, classifier.Classify(Some.Change("DeleteService")).Severity);

        CloudTrailEvent register = Some.Change("RegisterTaskDefinition") with { Request = RequestFacts.Parse("""{"family":"f","networkMode":"awsvpc","containerDefinitions":[{"name":"c","image":"x","user":"1000","memory":128,"logConfiguration":{"logDriver":"awslogs","options":{"mode":"non-blocking"}},"healthCheck":{"command":["CMD","true"]}}]}""") };
        Verdict v = classifier.Classify(register);
        Assert.Equal(Severity.Medium, Assert.Single(v.Findings, f => f.Id == FindingIds.WritableRootFilesystem).Severity);
    }

    [SkippableFact]
    public void Classify_LookAlikesFromOtherServices_AreIgnored()
    {
        string path = SharedData.RequireFile("realdata/cloudtrail-other-events.jsonl");
        int lookAlikes = 0;
        foreach (string line in File.ReadAllLines(path).Where(l => l.Trim().Length > 0))
        {
            ParseResult parsed = CloudTrailParser.Parse(line);
            if (!parsed.IsSuccess)
            {
                continue; // not a CloudTrail record at all: rejected, which is never an alert either
            }

            Verdict v = _classifier.Classify(parsed.Event!);
            Assert.Equal(Outcome.Ignored, v.Outcome);
            if (parsed.Event!.EventName is "ListClusters" or "CreateCluster")
            {
                lookAlikes++;
            }
        }

        Assert.True(lookAlikes >= 2, "the EKS/MSK ListClusters and CloudHSM CreateCluster look-alikes should be in the file");
    }

    [SkippableFact]
    public void Classify_GenuineEcsRecords_AsASecurityEngineerWould()
    {
        string path = SharedData.RequireFile("realdata/cloudtrail-ecs-events.jsonl");
        Verdict[] v = [.. File.ReadAllLines(path).Where(l => l.Trim().Length > 0).Select(l => _classifier.Classify(CloudTrailParser.Parse(l).Event!))];

        // 1 (AWS docs): CreateCluster from the console by the assumed Admin role: a monitored change, medium.
        Assert.Equal((Outcome.Alert, Severity.Medium, CallVia.Console, "Admin"), (v[0].Outcome, v[0].Severity, v[0].Actor.Via, v[0].Actor.RoleName));
        // 2 (AWS docs): PutAccountSettingDefault by an IAM user with the CLI: account-wide default, high.
        Assert.Equal((Outcome.Alert, Severity.High, CallVia.Cli, ActorType.IAMUser), (v[1].Outcome, v[1].Severity, v[1].Actor.Via, v[1].Actor.Type));
        // 3 (SEKOIA, anonymised, no eventID): PutClusterCapacityProviders by Terraform: a medium change via IaC.
        Assert.Equal((Outcome.Alert, Severity.Medium, CallVia.InfrastructureAsCode, "Terraform"), (v[2].Outcome, v[2].Severity, v[2].Actor.Via, v[2].Actor.Tool));
        // 4, 5 (Grimoire detonations): denied CreateCluster and failed CreateService: attempted changes, alerted.
        Assert.True(v[3].Attempted && v[3].Outcome == Outcome.Alert && v[3].Findings.Any(f => f.Id == FindingIds.AttemptedChange));
        Assert.True(v[4].Attempted && v[4].Outcome == Outcome.Alert);
        // 6, 7 (LogicMonitor): DescribeClusters and ListTagsForResource: read-only, counted, never alerted.
        Assert.Equal((Outcome.Ignored, Outcome.Ignored), (v[5].Outcome, v[6].Outcome));
        // 8, 9 (Sumo Logic samples): CreateCluster and RegisterTaskDefinition by the ECS agent's role. Not
        // agent housekeeping actions, so alerted; the samples' bodies are RegisterContainerInstance-shaped.
        Assert.Equal((CallVia.EcsAgent, Outcome.Alert), (v[7].Actor.Via, v[7].Outcome));
        Assert.Equal((CallVia.EcsAgent, Outcome.Alert), (v[8].Actor.Via, v[8].Outcome));
    }

    private static CloudTrailEvent WithRole(CloudTrailEvent e, string role) => e with
    {
        UserIdentity = e.UserIdentity with
        {
            Arn = $"arn:aws:sts::111122223333:assumed-role/{role}/session",
            SessionIssuerArn = $"arn:aws:iam::111122223333:role/{role}",
            SessionIssuerType = "Role",
            SessionIssuerUserName = role,
        },
    };
}
