using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EcsRtma.Detection.Sigma;
using EcsRtma.Testing;
using Json.Schema;
using YamlDotNet.RepresentationModel;

namespace EcsRtma.Core.Tests;

/// <summary>
/// EcsRtma's own validation of Sigma rules held against the specification's JSON schema
/// (../shared/contracts/sigma/sigma-detection-rule-schema.json, read in place): every rule the schema
/// refuses, the loader refuses; the valid ones both accept.
/// </summary>
public sealed partial class SigmaSchemaTests
{
    private const string Valid = """
        title: Host root mounted into an ECS task
        id: 0b0f1d2e-3c4b-4a59-8f7e-6d5c4b3a2910
        status: experimental
        description: A task definition mounts the host's root filesystem.
        author: EcsRtma
        date: 2026-12-08
        modified: 2026-12-08
        tags:
            - attack.privilege_escalation
            - attack.t1611
        references:
            - https://kubernetes.io/docs/concepts/security/pod-security-standards/
        related:
            - id: 5f0c2a7e-8d8b-4f7e-9e3a-1b2c3d4e5f60
              type: similar
        logsource:
            product: aws
            service: cloudtrail
        detection:
            selection:
                eventName: RegisterTaskDefinition
                requestParameters.volumes.host.sourcePath: /
            condition: selection
        falsepositives:
            - Node agents that need the host's filesystem
        level: high
        """;

    /// <summary>Each replaces one line of <see cref="Valid"/> (matched by its start) with something the specification does not allow, or removes it.</summary>
    public static TheoryData<string, string> Broken => new()
    {
        { "title:", "title: 123" },
        { "title:", "title: " + new string('x', 300) },
        { "title:", string.Empty },
        { "id:", "id: 42" },
        { "status:", "status: beta" },
        { "status:", "status: true" },
        { "description:", "description: 7" },
        { "author:", "author: 5" },
        { "date:", "date: 2026-13-08" },
        { "date:", "date: 2026/12/08" },
        { "modified:", "modified: yesterday" },
        { "    - attack.privilege_escalation", "    - Attack.Privilege_Escalation" },
        { "    - attack.t1611", "    - attack.privilege_escalation" },
        { "    - https://kubernetes.io", "    - 12" },
        { "      type: similar", "      type: cousin" },
        { "level:", "level: severe" },
        { "level:", "level: 3" },
        { "    - Node agents", "    - x" },
        { "    product: aws", "    product: 5" },
        { "    condition: selection", "    condition: [selection]" },
        { "    condition: selection", "    condition: 5" },
        { "    condition: selection", string.Empty },
        { "    selection:", "    keyword: just-a-string\n    selection:" },
    };

    [Fact]
    public void ValidRule_BothAccept()
    {
        Assert.True(SchemaAccepts(Valid), "the schema refuses the valid rule");
        Assert.Single(SigmaRuleLoader.Parse(Valid, "valid.yml"));
    }

    [SkippableTheory]
    [MemberData(nameof(Broken))]
    public void RuleTheSchemaRefuses_TheLoaderRefuses(string lineStart, string replacement)
    {
        string[] lines = Valid.Split('\n');
        int at = Array.FindIndex(lines, l => l.StartsWith(lineStart, StringComparison.Ordinal));
        Assert.True(at >= 0, $"no line starts with '{lineStart}'");
        lines[at] = replacement;
        string yaml = string.Join('\n', lines.Where((l, i) => i != at || replacement.Length > 0));

        Assert.False(SchemaAccepts(yaml), $"the schema accepts: {replacement}");
        Assert.Throws<SigmaRuleException>(() => SigmaRuleLoader.Parse(yaml, "broken.yml"));
    }

    [SkippableFact]
    public void EveryShippedRule_TheSchemaAccepts()
    {
        foreach (string file in Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src", "EcsRtma.Detection", "Rules"), "*.yml"))
        {
            Assert.True(SchemaAccepts(File.ReadAllText(file)), $"the specification's schema refuses {Path.GetFileName(file)}");
        }
    }

    private static bool SchemaAccepts(string yaml)
    {
        string path = SharedData.RequireFile("contracts/sigma/sigma-detection-rule-schema.json");
        JsonSchema schema = JsonSchema.FromText(File.ReadAllText(path), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        JsonNode? instance = ToJson(stream.Documents[0].RootNode);
        EvaluationResults results = schema.Evaluate(JsonDocument.Parse(instance?.ToJsonString() ?? "null").RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true });
        return results.IsValid;
    }

    /// <summary>YAML as a YAML 1.2 reader (pySigma's) types it: plain numbers, booleans and null are not strings.</summary>
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? string.Empty, ToJson(c.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(ToJson)]),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: var v } when v is null or "" or "null" or "~" => null,
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: "true" or "false" } s => JsonValue.Create(s.Value == "true"),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: { } v } when Integer().IsMatch(v) => JsonValue.Create(long.Parse(v, System.Globalization.CultureInfo.InvariantCulture)),
        YamlScalarNode s => JsonValue.Create(s.Value ?? string.Empty),
        _ => null,
    };

    [GeneratedRegex("^[-+]?[0-9]{1,18}$")]
    private static partial Regex Integer();
}
