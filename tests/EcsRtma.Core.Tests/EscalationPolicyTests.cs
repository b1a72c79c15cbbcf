using EcsRtma.Core.Escalation;
using EcsRtma.Core.Findings;
using EcsRtma.Core.Policies;
using EcsRtma.Testing;

namespace EcsRtma.Core.Tests;

public sealed class EscalationPolicyTests
{
    private static readonly string[] Channels = ["webhook", "teams", "servicenow"];

    [Fact]
    public void LoadFile_TheShippedSample_IsValidAndRoutesAsDocumented()
    {
        EscalationPolicySet set = EscalationPolicyLoader.LoadFile(Path.Combine(RepoPaths.Root, "samples", "escalation", "escalation-policy.yaml"), ["webhook"]);

        Assert.Equal((TimeSpan.FromMinutes(10), TimeSpan.FromDays(3)), (set.GroupingWindow, set.AutoCloseAfter));
        EscalationPlan critical = set.Resolve(Verdict(Severity.Critical, "prod-eu"), Monday(3));
        Assert.Equal(("platform-oncall", "production-critical", 1, (DateTimeOffset?)null), (critical.Policy, critical.Route, critical.Repeat, critical.DeferUntil));
        Assert.Equal([TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(20)], critical.Tiers.Select(t => t.AckTimeout));
        Assert.Equal(["6f1c2a0e-3d4b-4c1a-9b7e-2f0d5c8a1e33"], critical.Tiers[1].Groups!);
        Assert.Equal(("business-hours", (string?)null), (set.Resolve(Verdict(Severity.Medium, "dev-1"), Monday(3)).Policy, set.Resolve(Verdict(Severity.Medium, "dev-1"), Monday(3)).Route));
    }

    [Theory]
    [InlineData(3, 0, "2026-11-30T07:00:00Z")]   // Monday 03:00 UTC = 04:00 Berlin → waits for 08:00 Berlin (07:00 UTC)
    [InlineData(10, 0, null)]                    // Monday 10:00 UTC = 11:00 Berlin: inside working hours
    [InlineData(17, 30, "2026-12-01T07:00:00Z")] // Monday 18:30 Berlin: after hours → Tuesday 08:00
    public void Resolve_QuietHours_DeferLowAndMediumToTheNextWorkingMorning(int hourUtc, int minute, string? expected)
    {
        EscalationPolicySet set = EscalationPolicyLoader.LoadFile(Path.Combine(RepoPaths.Root, "samples", "escalation", "escalation-policy.yaml"), ["webhook"]);
        DateTimeOffset now = Monday(hourUtc).AddMinutes(minute);

        EscalationPlan medium = set.Resolve(Verdict(Severity.Medium, "prod-eu"), now);
        Assert.Equal(expected is null ? null : DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), medium.DeferUntil);
        Assert.Equal("production-office-hours", medium.Route);
    }

    [Fact]
    public void QuietHours_FridayEvening_WaitsForMonday_AcrossTheDaylightSavingChange()
    {
        var quiet = new QuietHours { TimeZone = "Europe/Berlin", Start = "08:00", End = "18:00" };
        // Friday 2026-10-23 19:00 Berlin (CEST, +2); clocks go back on Sunday 25 Oct; Monday 08:00 is CET (+1) = 07:00 UTC.
        DateTimeOffset friday = new(2026, 10, 23, 17, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 10, 26, 7, 0, 0, TimeSpan.Zero), quiet.NextWorkingTime(friday));
    }

    [Fact]
    public void Resolve_HighAndCriticalNeverWait()
    {
        EscalationPolicySet set = EscalationPolicyLoader.LoadFile(Path.Combine(RepoPaths.Root, "samples", "escalation", "escalation-policy.yaml"), ["webhook"]);
        set.Routes[0].Clusters = ["nothing-matches"];
        Assert.Equal("production-office-hours", set.Resolve(Verdict(Severity.High, "prod-eu"), Monday(3)).Route);
        Assert.Null(set.Resolve(Verdict(Severity.High, "prod-eu"), Monday(3)).DeferUntil);
        Assert.Null(set.Resolve(Verdict(Severity.Critical, "prod-eu"), Monday(3)).DeferUntil);
        Assert.NotNull(set.Resolve(Verdict(Severity.Low, "prod-eu"), Monday(3)).DeferUntil);
    }

    [Fact]
    public void Route_MatchesEveryListedCondition_AccountRegionActionGlob()
    {
        var route = new EscalationRoute { Accounts = ["111122223333"], Regions = ["eu-west-1"], Actions = ["Delete*"], Policy = "p" };
        Assert.True(route.Matches(Verdict(Severity.Low, "c") with { EventName = "DeleteService" }, Severity.Low));
        Assert.False(route.Matches(Verdict(Severity.Low, "c") with { EventName = "UpdateService" }, Severity.Low));
        Assert.False(route.Matches(Verdict(Severity.Low, "c") with { EventName = "DeleteService", Region = "us-east-1" }, Severity.Low));
        Assert.False(route.Matches(Verdict(Severity.Low, "c") with { EventName = "DeleteService", AccountId = "999999999999" }, Severity.Low));
    }

    [Theory]
    [InlineData("""{"policies":[]}""", "escalation: policies must define at least one policy")]
    [InlineData("""{"defaultPolicy":"p","policies":[{"name":"p","tiers":[]}]}""", "escalation: policies[0].tiers must list at least one tier")]
    [InlineData("""{"defaultPolicy":"p","policies":[{"name":"p","tiers":[{"channels":["webhook"],"ackTimeout":"0s"}]}]}""", "escalation: policies[0].tiers[0].ackTimeout must be positive")]
    [InlineData("""{"defaultPolicy":"p","policies":[{"name":"p","tiers":[{"channels":["slack"]}]}]}""", "escalation: policies[0].tiers[0].channels[0] 'slack' is not a configured channel")]
    [InlineData("""{"defaultPolicy":"p","policies":[{"name":"p","tiers":[{"channels":["webhook"],"groups":["oncall"]}]}]}""", "escalation: policies[0].tiers[0].groups[0] 'oncall' is not an Entra ID group object id")]
    [InlineData("""{"defaultPolicy":"p","policies":[{"name":"p","repeat":11,"tiers":[{"channels":["webhook"]}]}]}""", "escalation: policies[0].repeat must be between 0 and 10")]
    [InlineData("""{"defaultPolicy":"q","policies":[{"name":"p","tiers":[{"channels":["webhook"]}]}]}""", "escalation: defaultPolicy 'q' is not one of the policies")]
    [InlineData("""{"defaultPolicy":"p","policies":[{"name":"p","tiers":[{"channels":["webhook"]}]}],"routes":[{"policy":"x"}]}""", "escalation: routes[0].policy 'x' is not one of the policies")]
    [InlineData("""{"defaultPolicy":"p","policies":[{"name":"p","tiers":[{"channels":["webhook"]}]}],"routes":[{"policy":"p","quietHours":{"timeZone":"Mars/Olympus"}}]}""", "escalation: routes[0].quietHours.timeZone 'Mars/Olympus' is not a known time zone")]
    [InlineData("""{"defaultPolicy":"p","policies":[{"name":"p","tiers":[{"channels":["webhook"]}]}],"routes":[{"policy":"p","quietHours":{"start":"18:00","end":"08:00"}}]}""", "escalation: routes[0].quietHours: start 18:00 must be before end 08:00")]
    [InlineData("""{"defaultPolicy":"p","policies":[{"name":"p","tiers":[{"channels":["webhook"],"ackTimeot":"5m"}]}]}""", "escalation: at $.policies[0].tiers[0].ackTimeot: unknown field")]
    [InlineData("""{"groupingWindow":"soon","policies":[]}""", "escalation: at $.groupingWindow: 'soon' is not a duration")]
    [InlineData("""{"defaultPolicy":"p","policies":[{"name":"p","tiers":[{"channels":["webhook"]}]}],"routes":[{"policy":"p","severities":["urgent"]}]}""", "escalation: at $.routes[0].severities[0]")]
    public void LoadJson_InvalidPolicy_NamesTheField(string json, string expected)
    {
        PolicyException error = Assert.Throws<PolicyException>(() => EscalationPolicyLoader.LoadJson(json, Channels));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("4h", 14400)]
    [InlineData("2d", 172800)]
    [InlineData("00:05:00", 300)]
    public void Duration_AcceptsShortFormsAndTimeSpans(string text, int seconds)
    {
        Assert.True(DurationConverter.TryParse(text, out TimeSpan value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    private static DateTimeOffset Monday(int hourUtc) => new(2026, 11, 30, hourUtc, 0, 0, TimeSpan.Zero);

    private static Verdict Verdict(Severity severity, string cluster) => new()
    {
        EventId = "e1",
        EventName = "UpdateService",
        Outcome = Outcome.Alert,
        Severity = severity,
        Actor = new Actor(ActorType.AssumedRole, "arn:aws:sts::111122223333:assumed-role/ops/alice", "ops/alice", CallVia.Cli, null, null),
        Reasons = ["test"],
        AccountId = "111122223333",
        Region = "eu-west-1",
        Cluster = cluster,
        Title = "t",
    };
}
