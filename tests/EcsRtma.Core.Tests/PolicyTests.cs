using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;
using EcsRtma.Core.Policies;
using EcsRtma.Core.Text;
using EcsRtma.Detection;
using EcsRtma.Detection.Catalog;
using EcsRtma.Detection.Policy;
using EcsRtma.Testing;

namespace EcsRtma.Core.Tests;

public sealed class PolicyTests
{
    private static readonly EcsActionCatalog Catalog = EcsActionCatalog.Default;

    [Fact]
    public void LoadFile_ShippedExampleYaml_IsValid()
    {
        DetectionPolicy policy = PolicyLoader.LoadFile(Path.Combine(RepoPaths.Root, "samples", "policies", "example-policy.yaml"), Catalog);
        Assert.Equal(["PlatformAdmin"], policy.Privileged.PermissionSets);
        Assert.Equal(Severity.Low, policy.Severity.Actions["RegisterTaskDefinition"]);
        Assert.Equal(2, policy.Suppress.Count);
        Assert.Equal([DayOfWeek.Sunday], policy.Suppress[1].Windows[0].Days);
    }

    [Fact]
    public void LoadJson_AndYaml_ReadTheSamePolicy()
    {
        DetectionPolicy json = PolicyLoader.LoadJson("""{"privileged":{"roleNames":["ops"]},"suppress":[{"name":"r","actions":["StopTask"]}]}""", Catalog);
        DetectionPolicy yaml = PolicyLoader.LoadYaml("privileged:\n  roleNames: [ops]\nsuppress:\n  - name: r\n    actions: [StopTask]\n", Catalog);
        Assert.Equal(json.Privileged.RoleNames, yaml.Privileged.RoleNames);
        Assert.Equal(json.Suppress[0].Actions, yaml.Suppress[0].Actions);
    }

    [Theory]
    [InlineData("""{"privileged":{"roleName":["ops"]}}""", "at $.privileged.roleName: unknown field")]
    [InlineData("""{"severity":{"actions":{"UpdateSevice":"high"}}}""", "severity.actions.UpdateSevice: 'UpdateSevice' is not an ECS action")]
    [InlineData("""{"severity":{"actions":{"UpdateService":"urgent"}}}""", "at $.severity.actions.UpdateService")]
    [InlineData("""{"severity":{"findings":{"no-such-finding":"low"}}}""", "severity.findings.no-such-finding: unknown finding id")]
    [InlineData("""{"privileged":{"accounts":["12345"]}}""", "privileged.accounts[0] '12345' is not a 12-digit AWS account id")]
    [InlineData("""{"suppress":[{"actions":["StopTask"]}]}""", "suppress[0].name is required")]
    [InlineData("""{"suppress":[{"name":"all"}]}""", "suppress[0] ('all') has no conditions")]
    [InlineData("""{"suppress":[{"name":"a","actions":["StopTask"]},{"name":"a","actions":["RunTask"]}]}""", "suppress[1].name 'a' is used by another rule")]
    [InlineData("""{"suppress":[{"name":"w","windows":[{"start":"25:00","end":"03:00"}]}]}""", "suppress[0].windows[0].start: '25:00' is not a time of day")]
    [InlineData("""{"suppress":[{"name":"a","actions":["Deploy"]}]}""", "suppress[0].actions[0]: 'Deploy' is not an ECS action")]
    [InlineData("""[1,2]""", "policy:")]
    public void LoadJson_InvalidPolicy_NamesTheFieldAndWhy(string json, string expected)
    {
        PolicyException ex = Assert.Throws<PolicyException>(() => PolicyLoader.LoadJson(json, Catalog));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadYaml_SyntaxError_GivesLineAndColumn()
    {
        PolicyException ex = Assert.Throws<PolicyException>(() => PolicyLoader.LoadYaml("privileged:\n  roleNames: [ops\n", Catalog));
        Assert.Contains("YAML error at line", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Suppression_AndWithinARule_OrBetweenRules_AndStillRecorded()
    {
        DetectionPolicy policy = PolicyLoader.LoadJson("""
            {"suppress":[
              {"name":"dev-deploys","actions":["UpdateService"],"clusters":["dev-*"],"tools":["AWS CLI"]},
              {"name":"eu-stop","actions":["StopTask"],"regions":["eu-west-1"]}]}
            """, Catalog);
        var classifier = new ChangeClassifier(Catalog, policy);

        Verdict devDeploy = classifier.Classify(Some.Change("UpdateService") with { Cluster = "dev-blue" });
        Assert.Equal((Outcome.Suppressed, "dev-deploys"), (devDeploy.Outcome, devDeploy.SuppressedBy));
        Assert.NotNull(devDeploy.Severity);
        Assert.Contains(devDeploy.Reasons, r => r.Contains("suppressed by rule 'dev-deploys'", StringComparison.Ordinal));

        // One condition of the rule fails (cluster): AND within a rule.
        Assert.Equal(Outcome.Alert, classifier.Classify(Some.Change("UpdateService") with { Cluster = "prod" }).Outcome);
        // The other rule matches: OR between rules.
        Assert.Equal("eu-stop", classifier.Classify(Some.Change("StopTask")).SuppressedBy);
        Assert.Equal(Outcome.Alert, classifier.Classify(Some.Change("StopTask") with { AwsRegion = "us-east-1" }).Outcome);
    }

    [Theory]
    [InlineData("2026-11-29T02:30:00Z", true)]   // Sunday inside
    [InlineData("2026-11-29T04:00:00Z", false)]  // end is exclusive
    [InlineData("2026-11-28T02:30:00Z", false)]  // Saturday
    public void Suppression_MaintenanceWindow_UsesUtcDayAndTime(string at, bool suppressed)
    {
        DetectionPolicy policy = PolicyLoader.LoadYaml("suppress:\n  - name: sunday\n    windows:\n      - days: [Sunday]\n        start: \"02:00\"\n        end: \"04:00\"\n", Catalog);
        CloudTrailEvent e = Some.Change("UpdateService") with { EventTime = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture) };
        Assert.Equal(suppressed, new ChangeClassifier(Catalog, policy).Classify(e).Outcome == Outcome.Suppressed);
    }

    [Theory]
    [InlineData("2026-11-27T23:30:00Z", true)]   // Friday night, inside the window that starts Friday
    [InlineData("2026-11-28T00:30:00Z", true)]   // after midnight: still Friday's window
    [InlineData("2026-11-28T23:30:00Z", false)]  // Saturday night: not a window day
    public void Suppression_WindowAcrossMidnight_BelongsToTheDayItStarts(string at, bool suppressed)
    {
        DetectionPolicy policy = PolicyLoader.LoadJson("""{"suppress":[{"name":"fri","windows":[{"days":["Friday"],"start":"23:00","end":"01:00"}]}]}""", Catalog);
        CloudTrailEvent e = Some.Change("UpdateService") with { EventTime = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture) };
        Assert.Equal(suppressed, new ChangeClassifier(Catalog, policy).Classify(e).Outcome == Outcome.Suppressed);
    }

    [Theory]
    [InlineData("arn:aws:iam::*:role/ci-*", "arn:aws:iam::111122223333:role/ci-deployer", true)]
    [InlineData("arn:aws:iam::*:role/ci-*", "arn:aws:iam::111122223333:role/prod-ci", false)]
    [InlineData("a?c", "abc", true)]
    [InlineData("*", "", true)]
    [InlineData("abc", "abcd", false)]
    public void Glob_Matches(string pattern, string value, bool expected) => Assert.Equal(expected, Glob.IsMatch(pattern, value));
}
