using System.Text.Json;
using System.Text.RegularExpressions;
using EcsRtma.Testing;

namespace EcsRtma.Infra.Tests;

/// <summary>infra/aws: resources validated against the CloudFormation resource specification, the rule's pattern run against genuine events, and the policies checked for least privilege.</summary>
public sealed partial class CloudFormationTests
{
    private static readonly string[] Templates = ["ecs-rtma-ingest.json", "ecs-rtma-member-forwarder.json"];
    private static readonly Lazy<JsonElement> Spec = new(LoadSpec);

    public static TheoryData<string> TemplateNames() => new(Templates);

    [Theory]
    [MemberData(nameof(TemplateNames))]
    public void Template_EveryResourceAndPropertyValidatesAgainstTheCfnSpec(string name)
    {
        JsonElement template = Load(name);
        Assert.Equal("2010-09-09", template.GetProperty("AWSTemplateFormatVersion").GetString());
        JsonElement types = Spec.Value.GetProperty("ResourceTypes");
        foreach (JsonProperty resource in template.GetProperty("Resources").EnumerateObject())
        {
            string type = resource.Value.GetProperty("Type").GetString()!;
            Assert.True(types.TryGetProperty(type, out JsonElement spec), $"{resource.Name}: unknown resource type {type}");
            ValidateProperties($"{resource.Name} ({type})", type, spec, resource.Value.TryGetProperty("Properties", out JsonElement p) ? p : default);
        }
    }

    [Theory]
    [MemberData(nameof(TemplateNames))]
    public void Template_EveryRefAndGetAttPointsAtSomethingThatExists(string name)
    {
        JsonElement template = Load(name);
        var declared = template.GetProperty("Resources").EnumerateObject().Select(r => r.Name)
            .Concat(template.TryGetProperty("Parameters", out JsonElement ps) ? ps.EnumerateObject().Select(p => p.Name) : [])
            .Concat(["AWS::AccountId", "AWS::Region", "AWS::Partition", "AWS::StackName"]).ToHashSet(StringComparer.Ordinal);
        foreach ((string kind, string target, string? attribute) in References(template))
        {
            Assert.True(declared.Contains(target), $"{kind} to undeclared '{target}'");
            if (attribute is not null)
            {
                string type = template.GetProperty("Resources").GetProperty(target).GetProperty("Type").GetString()!;
                Assert.True(Spec.Value.GetProperty("ResourceTypes").GetProperty(type).GetProperty("Attributes").TryGetProperty(attribute, out _), $"{type} has no attribute {attribute}");
            }
        }
    }

    [SkippableFact]
    public void Rule_Pattern_MatchesEveryGenuineEcsRecordAndNoNegative()
    {
        JsonElement pattern = Load("ecs-rtma-ingest.json").GetProperty("Resources").GetProperty("EcsApiCallRule").GetProperty("Properties").GetProperty("EventPattern");
        Assert.True(JsonElement.DeepEquals(pattern, Load("ecs-rtma-member-forwarder.json").GetProperty("Resources").GetProperty("ForwardEcsApiCalls").GetProperty("Properties").GetProperty("EventPattern")));

        // The documented AWS pattern for ECS API calls via CloudTrail is exactly ours.
        using JsonDocument documented = JsonDocument.Parse(File.ReadAllText(SharedData.RequireFile("realdata/eventbridge-ecs-patterns.json")));
        Assert.Contains(documented.RootElement.EnumerateArray(), p => JsonElement.DeepEquals(p.GetProperty("pattern"), pattern));

        int ecs = 0;
        foreach (JsonElement record in Lines("realdata/cloudtrail-ecs-events.jsonl"))
        {
            Assert.True(EventPattern.Matches(pattern, Envelope(record)), $"ECS record {record.GetProperty("eventName")} should match");
            ecs++;
        }

        int negatives = 0;
        foreach (JsonElement record in Lines("realdata/cloudtrail-other-events.jsonl"))
        {
            if (record.TryGetProperty("eventSource", out _))
            {
                Assert.False(EventPattern.Matches(pattern, Envelope(record)), $"{record.GetProperty("eventSource")} {record.GetProperty("eventName")} must not match");
                negatives++;
            }
        }

        foreach (string file in new[] { "realdata/eventbridge-other-cloudtrail-events.jsonl", "realdata/eventbridge-ecs-service-events.jsonl" })
        {
            foreach (JsonElement envelope in Lines(file))
            {
                Assert.False(EventPattern.Matches(pattern, envelope), $"{envelope.GetProperty("source")} {envelope.GetProperty("detail-type")} must not match");
                negatives++;
            }
        }

        Assert.Equal(9, ecs);
        Assert.True(negatives > 90, $"only {negatives} negatives were checked");
    }

    [Fact]
    public void ReaderRole_MayOnlyDrainThatQueue()
    {
        JsonElement role = Load("ecs-rtma-ingest.json").GetProperty("Resources").GetProperty("EcsRtmaReaderRole").GetProperty("Properties");
        Assert.False(role.TryGetProperty("ManagedPolicyArns", out _));
        JsonElement statement = Assert.Single(Assert.Single(role.GetProperty("Policies").EnumerateArray()).GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray());
        Assert.Equal("Allow", statement.GetProperty("Effect").GetString());
        Assert.Equal(["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"], statement.GetProperty("Action").EnumerateArray().Select(a => a.GetString()).Order(StringComparer.Ordinal));
        Assert.Equal("""{"Fn::GetAtt":["ChangeQueue","Arn"]}""", Compact(statement.GetProperty("Resource")));
    }

    [Fact]
    public void ReaderRole_TrustsOnlyTheManagedIdentityThroughEntraId()
    {
        JsonElement template = Load("ecs-rtma-ingest.json");
        JsonElement sub = template.GetProperty("Resources").GetProperty("EcsRtmaReaderRole").GetProperty("Properties").GetProperty("AssumeRolePolicyDocument").GetProperty("Fn::Sub");
        string trustText = SubRegex().Replace(sub[0].GetString()!, m => m.Groups[1].Value switch
        {
            "Provider" => "arn:aws:iam::111122223333:oidc-provider/sts.windows.net/00000000-0000-0000-0000-000000000001/",
            "EntraTenantId" => "00000000-0000-0000-0000-000000000001",
            "TokenAudience" => "api://AzureADTokenExchange",
            "ManagedIdentityPrincipalId" => "11111111-2222-3333-4444-555555555555",
            var other => throw new Xunit.Sdk.XunitException($"unexpected substitution ${{{other}}}"),
        });
        Assert.Equal("""{"Ref":"EntraIdOidcProvider"}""", Compact(sub[1].GetProperty("Provider")));

        using JsonDocument trust = JsonDocument.Parse(trustText);
        JsonElement statement = Assert.Single(trust.RootElement.GetProperty("Statement").EnumerateArray());
        Assert.Equal("sts:AssumeRoleWithWebIdentity", statement.GetProperty("Action").GetString());
        Assert.StartsWith("arn:aws:iam::111122223333:oidc-provider/", statement.GetProperty("Principal").GetProperty("Federated").GetString(), StringComparison.Ordinal);
        JsonElement equals = statement.GetProperty("Condition").GetProperty("StringEquals");
        Assert.Equal("api://AzureADTokenExchange", equals.GetProperty("sts.windows.net/00000000-0000-0000-0000-000000000001/:aud").GetString());
        Assert.Equal("11111111-2222-3333-4444-555555555555", equals.GetProperty("sts.windows.net/00000000-0000-0000-0000-000000000001/:sub").GetString());

        JsonElement provider = template.GetProperty("Resources").GetProperty("EntraIdOidcProvider").GetProperty("Properties");
        Assert.Equal("""{"Fn::Sub":"https://sts.windows.net/${EntraTenantId}/"}""", Compact(provider.GetProperty("Url")));
    }

    [Fact]
    public void QueuePolicy_AdmitsOnlyTheRuleAndRequiresTls()
    {
        JsonElement resources = Load("ecs-rtma-ingest.json").GetProperty("Resources");
        JsonElement[] statements = [.. resources.GetProperty("ChangeQueuePolicy").GetProperty("Properties").GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray()];
        JsonElement allow = Assert.Single(statements, s => s.GetProperty("Effect").GetString() == "Allow");
        Assert.Equal("events.amazonaws.com", allow.GetProperty("Principal").GetProperty("Service").GetString());
        Assert.Equal("sqs:SendMessage", allow.GetProperty("Action").GetString());
        Assert.Equal("""{"Fn::GetAtt":["EcsApiCallRule","Arn"]}""", Compact(allow.GetProperty("Condition").GetProperty("ArnEquals").GetProperty("aws:SourceArn")));
        JsonElement deny = Assert.Single(statements, s => s.GetProperty("Effect").GetString() == "Deny");
        Assert.Equal("false", deny.GetProperty("Condition").GetProperty("Bool").GetProperty("aws:SecureTransport").GetString());

        JsonElement queue = resources.GetProperty("ChangeQueue").GetProperty("Properties");
        Assert.True(queue.GetProperty("SqsManagedSseEnabled").GetBoolean());
        Assert.True(resources.GetProperty("ChangeDeadLetterQueue").GetProperty("Properties").GetProperty("SqsManagedSseEnabled").GetBoolean());
        Assert.Equal("""{"Fn::GetAtt":["ChangeDeadLetterQueue","Arn"]}""", Compact(queue.GetProperty("RedrivePolicy").GetProperty("deadLetterTargetArn")));
    }

    private static void ValidateProperties(string at, string owner, JsonElement spec, JsonElement properties)
    {
        JsonElement specProperties = spec.GetProperty("Properties");
        foreach (JsonProperty required in specProperties.EnumerateObject().Where(p => p.Value.TryGetProperty("Required", out JsonElement r) && r.GetBoolean()))
        {
            Assert.True(properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(required.Name, out _), $"{at}: required property {required.Name} is missing");
        }

        if (properties.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (JsonProperty property in properties.EnumerateObject())
        {
            Assert.True(specProperties.TryGetProperty(property.Name, out JsonElement propertySpec), $"{at}: unknown property {property.Name}");
            string? nestedType = propertySpec.TryGetProperty("ItemType", out JsonElement item) ? item.GetString()
                : propertySpec.TryGetProperty("Type", out JsonElement t) && t.GetString() is not ("List" or "Map" or "Json") ? t.GetString() : null;
            if (nestedType is null || IsIntrinsic(property.Value))
            {
                continue;
            }

            JsonElement nestedSpec = Spec.Value.GetProperty("PropertyTypes").GetProperty($"{owner}.{nestedType}");
            IEnumerable<JsonElement> values = property.Value.ValueKind == JsonValueKind.Array ? property.Value.EnumerateArray() : [property.Value];
            foreach (JsonElement value in values.Where(v => !IsIntrinsic(v)))
            {
                ValidateProperties($"{at}.{property.Name}", owner, nestedSpec, value);
            }
        }
    }

    private static bool IsIntrinsic(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.EnumerateObject().Count() == 1 && value.EnumerateObject().First().Name is "Ref" or "Fn::If" or "Fn::GetAtt" or "Fn::Sub";

    private static IEnumerable<(string Kind, string Target, string? Attribute)> References(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty p in element.EnumerateObject())
            {
                if (p.Name == "Ref")
                {
                    yield return ("Ref", p.Value.GetString()!, null);
                }
                else if (p.Name == "Fn::GetAtt")
                {
                    yield return ("Fn::GetAtt", p.Value[0].GetString()!, p.Value[1].GetString());
                }
                else
                {
                    foreach (var r in References(p.Value))
                    {
                        yield return r;
                    }
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement e in element.EnumerateArray())
            {
                foreach (var r in References(e))
                {
                    yield return r;
                }
            }
        }
    }

    private static JsonElement Envelope(JsonElement record)
    {
        string source = "aws." + record.GetProperty("eventSource").GetString()!.Split('.')[0];
        string json = $$"""{"version":"0","id":"x","detail-type":"AWS API Call via CloudTrail","source":"{{source}}","account":"111122223333","time":"2026-11-27T00:00:00Z","region":"eu-west-1","resources":[],"detail":{{record.GetRawText()}}}""";
        using JsonDocument doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    private static IEnumerable<JsonElement> Lines(string relative)
    {
        foreach (string line in File.ReadLines(SharedData.RequireFile(relative)).Where(l => l.Trim().Length > 0))
        {
            using JsonDocument doc = JsonDocument.Parse(line);
            yield return doc.RootElement.Clone();
        }
    }

    private static string Compact(JsonElement element) => JsonSerializer.Serialize(element);

    private static JsonElement Load(string name)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "infra", "aws", name)));
        return doc.RootElement.Clone();
    }

    private static JsonElement LoadSpec()
    {
        string path = Path.Combine(RepoPaths.Root, "tools", "cfnspec", "node_modules", "@aws-cdk", "cfnspec", "spec", "specification.json");
        Assert.True(File.Exists(path), $"CloudFormation specification not installed at {path}: run scripts/emulators.sh install (scripts/test.sh does)");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }

    [GeneratedRegex(@"\$\{([A-Za-z0-9:]+)\}")]
    private static partial Regex SubRegex();
}
