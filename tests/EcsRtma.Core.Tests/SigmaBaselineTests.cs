using EcsRtma.Core.Findings;
using EcsRtma.Detection.Sigma;

namespace EcsRtma.Core.Tests;

/// <summary>The container-escape baseline EcsRtma ships as Sigma rules (src/EcsRtma.Detection/Rules), each held to its own cases.</summary>
public sealed class SigmaBaselineTests
{
    public static TheoryData<string> Rules => [.. SigmaRuleSet.BuiltIn.Select(r => r.Source)];

    [Fact]
    public void TheBaseline_CoversWhatTheIssueNames()
    {
        string[] titles = [.. SigmaRuleSet.BuiltIn.Select(r => r.Title)];
        foreach (string subject in (string[])["runtime's socket", "host's root, /proc", "memory or raw disk device", "instance metadata", "credentials endpoint", "base64-decoded payload to a shell", "AWS access key in plain text"])
        {
            Assert.Contains(titles, t => t.Contains(subject, StringComparison.Ordinal));
        }

        Assert.All(SigmaRuleSet.BuiltIn, r => Assert.True(r.ForCloudTrail && r.Id is not null && r.Severity >= Severity.High, r.Title));
        Assert.Equal(SigmaRuleSet.BuiltIn.Count, SigmaRuleSet.BuiltIn.Select(r => r.Id).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void ShippedRule_HoldsToItsCases(string source)
    {
        (SigmaRule rule, string cases) = SigmaRuleSet.BuiltInWithCases.Single(r => r.Rule.Source == source);
        Assert.False(string.IsNullOrEmpty(cases), $"{source} has no cases file beside it");
        IReadOnlyList<string> problems = SigmaRuleCases.Check(rule, cases);
        Assert.True(problems.Count == 0, $"{source}: {string.Join("; ", problems)}");
    }

    [Fact]
    public void Cases_SayWhatDoesNotHold()
    {
        SigmaRule rule = SigmaRuleSet.BuiltIn.First(r => r.Title.Contains("runtime's socket", StringComparison.Ordinal));
        IReadOnlyList<string> problems = SigmaRuleCases.Check(rule, """
            {"match": [{"case": "nothing here", "record": {"eventName": "RegisterTaskDefinition"}}],
             "nomatch": [{"case": "the socket", "record": {"eventSource": "ecs.amazonaws.com", "eventName": "RegisterTaskDefinition", "requestParameters": {"volumes": [{"host": {"sourcePath": "/var/run/docker.sock"}}]}}}, {"case": "broken"}]}
            """);
        Assert.Equal(["match[0] 'nothing here': did not match", "nomatch[0] 'the socket': matched", "nomatch[1] 'broken': no record object"], problems);
        Assert.Equal(["match: no cases (give at least one record that must match)", "nomatch: no cases (give at least one record that must not match)"], SigmaRuleCases.Check(rule, "{}"));
        Assert.StartsWith("the cases file is not valid JSON", SigmaRuleCases.Check(rule, "{").Single(), StringComparison.Ordinal);
        Assert.Equal(Path.Combine("rules", "x.cases.json"), SigmaRuleCases.PathFor(Path.Combine("rules", "x.yml")));
    }
}
