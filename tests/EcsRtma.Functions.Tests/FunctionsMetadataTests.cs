using System.Text.Json;
using EcsRtma.Testing;

namespace EcsRtma.Functions.Tests;

/// <summary>
/// The Functions host indexes the app from the build's functions.metadata. Core Tools cannot run
/// here, so the generated file is checked: every function, its trigger, schedule, route and methods.
/// </summary>
public sealed class FunctionsMetadataTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static readonly Lazy<JsonElement[]> Functions = new(Load);

    [Theory]
    [InlineData("RecordChange")]
    [InlineData("RecordFailure")]
    [InlineData("DeliverNotification")]
    [InlineData("AppendTimeline")]
    [InlineData("UpdateAlertState")]
    [InlineData("ReflectAlertState")]
    public void Metadata_Activity_HasAnActivityTrigger(string name) =>
        Assert.Equal("activityTrigger", Trigger(name).GetProperty("type").GetString());

    [Fact]
    public void Metadata_Orchestration_HasAnOrchestrationTrigger() =>
        Assert.Equal("orchestrationTrigger", Trigger("ChangeOrchestration").GetProperty("type").GetString());

    [Fact]
    public void Metadata_Drain_IsATimerEveryMinuteWithADurableClient()
    {
        JsonElement trigger = Trigger("DrainChangeQueue");
        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("0 */1 * * * *", trigger.GetProperty("schedule").GetString());
        Assert.Contains(Bindings("DrainChangeQueue"), b => b.GetProperty("type").GetString() == "durableClient");
    }

    [Fact]
    public void Metadata_AcknowledgeAlert_IsAnonymousGetAndPostOnAckRoute()
    {
        JsonElement trigger = Trigger("AcknowledgeAlert");
        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("ack/{alertId}", trigger.GetProperty("route").GetString());
        Assert.Equal(["get", "post"], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString());
        Assert.Contains(Bindings("AcknowledgeAlert"), b => b.GetProperty("type").GetString() == "durableClient");
    }

    [Fact]
    public void Metadata_Health_IsGetOnHealthRoute()
    {
        JsonElement trigger = Trigger("Health");
        Assert.Equal("health", trigger.GetProperty("route").GetString());
        Assert.Equal(["get"], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public void Metadata_ListsExactlyTheFunctionsWeWrote()
    {
        string[] names = [.. Functions.Value.Select(f => f.GetProperty("name").GetString()!).Order(StringComparer.Ordinal)];
        Assert.Equal(
            ["AcknowledgeAlert", "ActOnAlert", "AppendTimeline", "Board", "ChangeOrchestration", "DeliverNotification", "DrainChangeQueue", "GetAlert", "Health",
             "ListAlerts", "ListChanges", "PagerDutyWebhook", "PurgeExpired", "RecordChange", "RecordFailure", "ReflectAlertState", "ShortLink", "UpdateAlertState"],
            names);
    }

    [Theory]
    [InlineData("ListAlerts", "alerts", "get")]
    [InlineData("GetAlert", "alerts/{alertId}", "get")]
    [InlineData("ActOnAlert", "alerts/{alertId}/{action:regex(^(acknowledge|resolve)$)}", "post")]
    [InlineData("ListChanges", "changes", "get")]
    public void Metadata_AlertsApi_NeedsAFunctionKey(string name, string route, string method)
    {
        JsonElement trigger = Trigger(name);
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("Function", trigger.GetProperty("authLevel").GetString());
    }

    [Fact]
    public void Metadata_Board_IsAnonymousStaticPage()
    {
        JsonElement trigger = Trigger("Board");
        Assert.Equal("board/{asset?}", trigger.GetProperty("route").GetString());
        Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString());
    }

    [Fact]
    public void Metadata_PurgeExpired_RunsDaily()
    {
        JsonElement trigger = Trigger("PurgeExpired");
        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("0 30 3 * * *", trigger.GetProperty("schedule").GetString());
    }

    [Fact]
    public void Build_LinksTheRootHostJson()
    {
        string output = Path.Combine(RepoPaths.Root, "src", "EcsRtma.Functions", "bin", Configuration, "net10.0");
        Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Root, "host.json")), File.ReadAllText(Path.Combine(output, "host.json")));
    }

    [Fact]
    public void HostJson_KeepsOrchestrationHistoryInMemoryBetweenEpisodes()
    {
        // Extended sessions (isolated worker: orchestrations, since the worker extension 1.8.0): the
        // 3,000-event stream's p50 to first notification went from 63 s to 4.6 s with them (docs/PERFORMANCE.md).
        using JsonDocument host = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "host.json")));
        JsonElement durable = host.RootElement.GetProperty("extensions").GetProperty("durableTask");
        Assert.True(durable.GetProperty("extendedSessionsEnabled").GetBoolean());
        Assert.InRange(durable.GetProperty("extendedSessionIdleTimeoutInSeconds").GetInt32(), 10, 120);
    }

    private static JsonElement Trigger(string function) =>
        Bindings(function).Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));

    private static JsonElement[] Bindings(string function) =>
        [.. Functions.Value.Single(f => f.GetProperty("name").GetString() == function).GetProperty("bindings").EnumerateArray()];

    private static JsonElement[] Load()
    {
        string path = Path.Combine(RepoPaths.Root, "src", "EcsRtma.Functions", "bin", Configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(path), $"functions.metadata not found at {path}: build src/EcsRtma.Functions first");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        return [.. doc.RootElement.EnumerateArray().Select(e => e.Clone())];
    }
}
