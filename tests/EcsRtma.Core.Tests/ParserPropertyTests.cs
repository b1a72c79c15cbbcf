using System.Text;
using CsCheck;
using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;
using EcsRtma.Detection;
using EcsRtma.Detection.Catalog;

namespace EcsRtma.Core.Tests;

/// <summary>No input crashes the parser or the engine: property-based, with CsCheck.</summary>
public sealed class ParserPropertyTests
{
    private static readonly ChangeClassifier Classifier = new(EcsActionCatalog.Default);

    private static readonly Gen<string> JsonishText = Gen.OneOf(
        Gen.String,
        Gen.Char["{}[]\":,0123456789truefalsn eventIDNamSourcTimuserIdentityrequestParameters\\"].Array[0, 200].Select(c => new string(c)));

    /// <summary>Structurally valid records with hostile field types and values.</summary>
    private static readonly Gen<string> HostileRecords =
        Gen.Select(
            Gen.OneOf(Gen.Const("\"e1\""), Gen.Const("7"), Gen.Const("null"), Gen.Const("{}"), Gen.String.Select(Quote)),
            Gen.OneOf(Gen.Const("\"RegisterTaskDefinition\""), Gen.Const("\"RunTask\""), Gen.Const("\"ExecuteCommand\""), Gen.String.Select(Quote)),
            Gen.OneOf(Gen.Const("\"ecs.amazonaws.com\""), Gen.String.Select(Quote), Gen.Const("[]")),
            Gen.OneOf(Gen.Const("\"2026-01-01T00:00:00Z\""), Gen.String.Select(Quote)),
            Gen.OneOf(Gen.Const("{\"type\":\"Root\"}"), Gen.Const("{}"), Gen.Const("[]"), Gen.Const("{\"sessionContext\":7}")),
            Gen.OneOf(Gen.Const("null"), Gen.Const("{\"containerDefinitions\":7}"), Gen.Const("{\"containerDefinitions\":[1,\"x\",{\"environment\":[7,{\"name\":5}]}]}"),
                Gen.Const("{\"cpu\":\"abc vcpu\",\"containerDefinitions\":[{\"memory\":\"x\",\"linuxParameters\":{\"capabilities\":{\"add\":[1,null]}}}]}"),
                Gen.Const("{\"overrides\":{\"containerOverrides\":[{\"command\":[null,3]}]}}")))
        .Select(t => $$"""{"eventID":{{t.Item1}},"eventName":{{t.Item2}},"eventSource":{{t.Item3}},"eventTime":{{t.Item4}},"userIdentity":{{t.Item5}},"requestParameters":{{t.Item6}}}""");

    [Fact]
    public void Parse_AnyText_NeverThrows() =>
        JsonishText.Sample(text =>
        {
            ParseResult result = CloudTrailParser.Parse(text);
            Assert.True(result.IsSuccess ^ (result.Error is not null));
            if (result.IsSuccess)
            {
                Classifier.Classify(result.Event!);
            }
        }, iter: 5000);

    [Fact]
    public void ParseAndClassify_HostileRecords_NeverThrow() =>
        HostileRecords.Sample(json =>
        {
            ParseResult result = CloudTrailParser.Parse(json);
            if (result.IsSuccess)
            {
                Verdict v = Classifier.Classify(result.Event!);
                Assert.NotNull(v.Title);
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(result.Error));
            }
        }, iter: 5000);

    [Fact]
    public void Parse_DeeplyNestedJson_IsRejectedNotAStackOverflow()
    {
        string deep = new StringBuilder().Append('[', 100_000).Append(']', 100_000).ToString();
        Assert.False(CloudTrailParser.Parse(deep).IsSuccess);
    }

    private static string Quote(string s) => System.Text.Json.JsonSerializer.Serialize(s);
}
