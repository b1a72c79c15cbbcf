using System.Security.Cryptography;
using System.Text;
using CsCheck;
using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;
using EcsRtma.Detection;
using EcsRtma.Detection.Catalog;
using EcsRtma.Testing;

namespace EcsRtma.Core.Tests;

/// <summary>Attacker-controlled values are bounded by construction, and keys are injective (#12).</summary>
public sealed class BoundsTests
{
    private static readonly ChangeClassifier Classifier = new(EcsActionCatalog.Default);

    [Fact]
    public void Classify_700SecretVariables_OneFoldedFindingAndABoundedVerdict()
    {
        CloudTrailEvent change = CloudTrailParser.Parse(Hostile.ManySecrets(Guid.NewGuid().ToString())).Event!;

        Verdict verdict = Classifier.Classify(change);

        Finding secrets = Assert.Single(verdict.Findings, f => f.Id == FindingIds.PlaintextSecretEnvironment);
        Assert.Equal(700, secrets.Count);
        Assert.Equal("700 environment variables look like secrets: DB_PASSWORD_0000, DB_PASSWORD_0001, DB_PASSWORD_0002, DB_PASSWORD_0003, DB_PASSWORD_0004, … (+695)", secrets.Message);
        Assert.Contains(verdict.Findings, f => f.Id == FindingIds.PrivilegedContainer);
        Assert.InRange(verdict.Reasons.Count, 1, Limits.MaxReasons);
        Assert.InRange(System.Text.Json.JsonSerializer.Serialize(verdict).Length, 1, 20_000);
        Assert.DoesNotContain(Hostile.PlantedSecret, System.Text.Json.JsonSerializer.Serialize(verdict), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FortyThousandCharacterClusterName_BoundedEverywhere()
    {
        CloudTrailEvent change = CloudTrailParser.Parse(Hostile.LongClusterName(Guid.NewGuid().ToString())).Event!;
        Verdict verdict = Classifier.Classify(change);

        Assert.Equal(Limits.NameChars, change.Cluster!.Length);
        Assert.EndsWith("…", change.Cluster, StringComparison.Ordinal);
        Assert.InRange(verdict.Title.Length, 1, Limits.TitleChars);
        Assert.All(verdict.Reasons, r => Assert.InRange(r.Length, 1, Limits.ReasonChars));
    }

    [Fact]
    public void Parse_FiveThousandCharacterEventId_ShownCutKeyedWhole()
    {
        string id = new('x', 5000);
        CloudTrailEvent change = CloudTrailParser.Parse(Hostile.LongClusterName(id, 10)).Event!;

        Assert.Equal(Limits.EventIdChars, change.EventId.Length);
        Assert.Equal("h-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id))), change.EventKey);
        Assert.NotEqual(CloudTrailParser.Parse(Hostile.LongClusterName(id + "y", 10)).Event!.EventKey, change.EventKey);
    }

    [Fact]
    public void Parse_InvisibleAndControlCharacters_Removed()
    {
        CloudTrailEvent change = CloudTrailParser.Parse(Hostile.InvisibleCharacters(Guid.NewGuid().ToString())).Event!;

        Assert.Equal("payments-prod [31m", change.Cluster);
    }

    [Fact]
    public void EventKeys_CanonicalIdIsItsOwnKey_AnythingElseHashed()
    {
        string guid = Guid.NewGuid().ToString();
        Assert.Equal(guid, EventKeys.For(guid));
        Assert.StartsWith("h-", EventKeys.For("k1/1"), StringComparison.Ordinal);
        Assert.NotEqual(EventKeys.For("k1/1"), EventKeys.For("k1_1"));

        // The forgery of the issue: a safe-looking id equal to the hashed form of another.
        string hashedOfX = EventKeys.For("X");
        Assert.NotEqual(hashedOfX, EventKeys.For(hashedOfX));
    }

    [Fact]
    public void EventKeys_DistinctIds_DistinctKeys() =>
        Gen.Select(IdGen, IdGen).Where(p => p.Item1 != p.Item2).Sample(
            p => EventKeys.For(p.Item1) != EventKeys.For(p.Item2) && KeyShaped(EventKeys.For(p.Item1)),
            iter: 20_000);

    [Fact]
    public void EventKeys_AnIdAndTheKeyOfAnother_NeverCollide() =>
        IdGen.Sample(id => EventKeys.For(EventKeys.For(id)) != EventKeys.For(id) || EventKeys.IsCanonical(id), iter: 5_000);

    [Fact]
    public void RequestRedactor_PlantedSecret_NotInThePreview()
    {
        string preview = RequestRedactor.Preview(Hostile.ManySecrets("e1", 3), 100_000);

        Assert.DoesNotContain(Hostile.PlantedSecret, preview, StringComparison.Ordinal);
        Assert.DoesNotContain("DB_PASSWORD_0000", preview, StringComparison.Ordinal); // a name/value pair's name is free text too
        Assert.Contains(RequestRedactor.Redacted, preview, StringComparison.Ordinal);
        Assert.StartsWith("(not JSON", RequestRedactor.Preview("{\"value\":\"" + Hostile.PlantedSecret, 512), StringComparison.Ordinal);
    }

    /// <summary>Shapes the old deny-list redactor kept (an environment map, name/value pairs, free text, a credential as a name or in a kept field).</summary>
    [Theory]
    [InlineData("""{"detail":{"eventName":"RegisterTaskDefinition","requestParameters":{"containerDefinitions":[{"env":{"GREETING":"plain-s3cr3t-1"}}]}}}""", "plain-s3cr3t-1")]
    [InlineData("""{"detail":{"requestParameters":{"environment":[{"name":"GREETING","value":"x"},{"name":"TOKEN_HOLDER","other":"plain-s3cr3t-2"}]}}}""", "plain-s3cr3t-2")]
    [InlineData("""{"detail":{"userAgent":"curl; the db password is plain-s3cr3t-3"}}""", "plain-s3cr3t-3")]
    [InlineData("""{"detail":{"eventName":"AKIAIOSFODNN7EXAMPLE"}}""", "AKIAIOSFODNN7EXAMPLE")]
    [InlineData("""{"detail":{"tags":{"AKIAIOSFODNN7EXAMPLE":1}}}""", "AKIAIOSFODNN7EXAMPLE")]
    [InlineData("""{"detail":{"requestParameters":{"eventName":"plain-s3cr3t-4"}}}""", "plain-s3cr3t-4")]
    [InlineData("""["plain-s3cr3t-5",{"eventName":["plain-s3cr3t-6"]}]""", "plain-s3cr3t-")]
    public void RequestRedactor_KeepsOnlyAllowListedValues(string json, string secret)
    {
        string preview = RequestRedactor.Preview(json, 100_000);
        Assert.DoesNotContain(secret, preview, StringComparison.Ordinal);
        Assert.StartsWith(json[0] == '[' ? "[" : "{", preview, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestRedactor_KeepsTheSafeFieldsAndTheShapeOfTheRest()
    {
        string preview = RequestRedactor.Preview(Some.EventBridgeMessage("8f9e1d2c-0000-4000-8000-000000000001", "DeleteService"), 100_000);

        foreach (string kept in (string[])["\"eventSource\":\"ecs.amazonaws.com\"", "\"eventName\":\"DeleteService\"", "\"eventID\":\"8f9e1d2c-0000-4000-8000-000000000001\"", "\"awsRegion\":\"eu-west-1\"", "\"recipientAccountId\":\"111122223333\"", "\"detail-type\":\"AWS API Call via CloudTrail\""])
        {
            Assert.Contains(kept, preview, StringComparison.Ordinal);
        }

        Assert.Contains("\"requestParameters\":{\"cluster\":\"[redacted]\",\"service\":\"[redacted]\",\"desiredCount\":0}", preview, StringComparison.Ordinal);
        Assert.Contains("\"sourceIPAddress\":\"[redacted]\"", preview, StringComparison.Ordinal);
    }

    /// <summary>Ids as an attacker would pick them: GUIDs (either case), near-GUIDs, hashed-looking forms, separators, control characters, long ones.</summary>
    private static readonly Gen<string> IdGen = Gen.OneOf(
        Gen.Guid.Select(g => g.ToString()),
        Gen.Guid.Select(g => g.ToString().ToUpperInvariant()),
        Gen.Char["0123456789abcdefh-/_\\#?%~\u0001 "].Array[1, 40].Select(c => new string(c)),
        Gen.String.Select(s => "h-" + s),
        Gen.String[1, 6000]);

    private static bool KeyShaped(string key) => key.All(c => char.IsAsciiHexDigit(c) || c is '-' or 'h');
}
