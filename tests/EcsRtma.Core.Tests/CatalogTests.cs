using System.Text.Json;
using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;
using EcsRtma.Detection;
using EcsRtma.Detection.Catalog;
using EcsRtma.Testing;

namespace EcsRtma.Core.Tests;

public sealed class CatalogTests
{
    private static readonly string[] ReadOnlyPrefixes = ["Describe", "List", "Get"];

    [Fact]
    public void Catalog_Has47ActionsAndConformitys23_EachComplete()
    {
        Assert.Equal(47, EcsActionCatalog.Default.Actions.Count);
        Assert.Equal(23, EcsActionCatalog.Default.Actions.Count(a => a.Conformity));
        Assert.All(EcsActionCatalog.Default.Actions, a => Assert.False(string.IsNullOrWhiteSpace(a.Remediation)));
    }

    [SkippableFact]
    public void Catalog_EqualsTheMutatingOperationsOfTheAwsModel()
    {
        using JsonDocument model = JsonDocument.Parse(File.ReadAllText(SharedData.RequireFile("realdata/ecs-service-2.json")));
        string[] operations = [.. model.RootElement.GetProperty("operations").EnumerateObject().Select(o => o.Name)];
        string[][] csv = [.. File.ReadAllLines(SharedData.RequireFile("realdata/ecs-operations.csv")).Skip(1).Select(l => l.Split(','))];
        var nonMutating = csv.Where(f => f[1] == "no").Select(f => f[0]).ToHashSet(StringComparer.Ordinal);
        string[] catalog = [.. EcsActionCatalog.Default.Actions.Select(a => a.Name).Order(StringComparer.Ordinal)];

        // Every operation of the model is either catalogued or known to change nothing: a new ECS
        // operation fails this test until someone decides which it is.
        string[] unaccounted = [.. operations.Where(o => !catalog.Contains(o) && !nonMutating.Contains(o))];
        Assert.Empty(unaccounted);
        Assert.Equal(77, operations.Length);
        Assert.Equal([.. csv.Where(f => f[1] == "yes").Select(f => f[0]).Order(StringComparer.Ordinal)], catalog);

        // What we treat as read-only by name (Describe/List/Get) is never in the catalog.
        Assert.DoesNotContain(catalog, a => ReadOnlyPrefixes.Any(p => a.StartsWith(p, StringComparison.Ordinal)));
    }

    [Fact]
    public void Classify_EveryCatalogAction_GivesAVerdictWithItsResourceType()
    {
        var classifier = new ChangeClassifier(EcsActionCatalog.Default);
        foreach (EcsAction action in EcsActionCatalog.Default.Actions)
        {
            Verdict v = classifier.Classify(Some.Change(action.Name));
            Assert.Equal(Outcome.Alert, v.Outcome);
            Assert.Equal(action.ResourceType, v.ResourceType);
            Assert.NotNull(v.Severity);
            Assert.Contains(action.Name, v.Title, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Load_DuplicateAction_NamesTheField()
    {
        using var json = new MemoryStream("""{"version":1,"actions":[{"name":"A","resourceType":"r","description":"d","severity":"low","remediation":"x"},{"name":"A","resourceType":"r","description":"d","severity":"low","remediation":"x"}]}"""u8.ToArray());
        InvalidDataException ex = Assert.Throws<InvalidDataException>(() => EcsActionCatalog.Load(json));
        Assert.Contains("actions[1].name 'A' is listed twice", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingRemediationOrUnknownSeverity_IsRefused()
    {
        using var noRemediation = new MemoryStream("""{"version":1,"actions":[{"name":"A","resourceType":"r","description":"d","severity":"low"}]}"""u8.ToArray());
        Assert.Contains("remediation is required", Assert.Throws<InvalidDataException>(() => EcsActionCatalog.Load(noRemediation)).Message, StringComparison.Ordinal);
        using var badSeverity = new MemoryStream("""{"version":1,"actions":[{"name":"A","resourceType":"r","description":"d","severity":"urgent","remediation":"x"}]}"""u8.ToArray());
        Assert.Throws<InvalidDataException>(() => EcsActionCatalog.Load(badSeverity));
    }

    [Fact]
    public void Parse_ArnsInRequestParameters_BecomeNames()
    {
        ParseResult r = CloudTrailParser.Parse("""{"eventID":"1","eventName":"UpdateService","eventSource":"ecs.amazonaws.com","eventTime":"2026-01-01T00:00:00Z","userIdentity":{},"requestParameters":{"cluster":"arn:aws:ecs:eu-west-1:111122223333:cluster/prod","service":"arn:aws:ecs:eu-west-1:111122223333:service/prod/api","taskDefinition":"arn:aws:ecs:eu-west-1:111122223333:task-definition/api:7","networkConfiguration":{"awsvpcConfiguration":{"subnets":["s"],"assignPublicIp":"ENABLED"}}}}""");
        Assert.Equal(("prod", "api", "api:7", true), (r.Event!.Cluster, r.Event.Service, r.Event.TaskDefinition, r.Event.AssignPublicIp));
    }
}
