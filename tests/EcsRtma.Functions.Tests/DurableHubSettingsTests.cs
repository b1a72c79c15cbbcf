using DurableTask.AzureStorage;
using EcsRtma.LocalHost;
using EcsRtma.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcsRtma.Functions.Tests;

/// <summary>
/// One source for the durable task hub's settings (ADR 0014): the Functions host reads host.json in
/// Azure, and the local host's sidecar and the load harness read the same file, copied next to them.
/// </summary>
public sealed class DurableHubSettingsTests
{
    private static string HostJson => Path.Combine(RepoPaths.Root, "host.json");

    [Fact]
    public void NextToExecutable_IsTheRepositoryHostJson()
    {
        Assert.Equal(File.ReadAllText(HostJson), File.ReadAllText(Path.Combine(AppContext.BaseDirectory, DurableHubSettings.FileName)));
        Assert.Equal(DurableHubSettings.Load(HostJson), DurableHubSettings.NextToExecutable());
    }

    [Fact]
    public void HostJson_PollsIdleDurableQueuesOftenEnoughForRealTimeAlerts()
    {
        // The provider's default (30 s) let an alert that arrives after a quiet period wait up to 30 s
        // for its orchestration and again for its first activity (docs/PERFORMANCE.md, "after a quiet period").
        DurableHubSettings hub = DurableHubSettings.Load(HostJson);
        Assert.InRange(hub.MaxQueuePollingInterval, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        Assert.True(hub.ExtendedSessions);
        Assert.Equal(TimeSpan.FromMinutes(2), hub.ControlQueueVisibilityTimeout);
        Assert.Equal(TimeSpan.FromMinutes(2), hub.WorkItemQueueVisibilityTimeout);
    }

    [Fact]
    public void Parse_ReadsEverySettingItTakes()
    {
        DurableHubSettings hub = DurableHubSettings.Parse(
            """
            {
              // host.json may carry comments and trailing commas
              "extensions": { "durableTask": {
                "extendedSessionsEnabled": true, "extendedSessionIdleTimeoutInSeconds": 45,
                "storageProvider": { "maxQueuePollingInterval": "00:00:03", "controlQueueVisibilityTimeout": "00:04:00", "workItemQueueVisibilityTimeout": "00:01:30", },
              } },
            }
            """,
            "test.json");

        Assert.Equal(
            new DurableHubSettings
            {
                ExtendedSessions = true,
                ExtendedSessionIdleTimeout = TimeSpan.FromSeconds(45),
                MaxQueuePollingInterval = TimeSpan.FromSeconds(3),
                ControlQueueVisibilityTimeout = TimeSpan.FromMinutes(4),
                WorkItemQueueVisibilityTimeout = TimeSpan.FromSeconds(90),
            },
            hub);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"extensions":{}}""")]
    [InlineData("""{"extensions":{"durableTask":{"hubName":"X"}}}""")]
    [InlineData("""{"extensions":{"durableTask":{"storageProvider":null}}}""")]
    public void Parse_WhatIsLeftOut_GetsTheDurableFunctionsDefaults(string json)
    {
        DurableHubSettings hub = DurableHubSettings.Parse(json, "test.json");

        Assert.Equal(DurableHubSettings.FunctionsDefaults, hub);
        Assert.Equal(TimeSpan.FromSeconds(30), hub.MaxQueuePollingInterval);
        Assert.Equal(TimeSpan.FromMinutes(5), hub.ControlQueueVisibilityTimeout);
        Assert.False(hub.ExtendedSessions);
    }

    [Theory]
    [InlineData("""{"extensions":{"durableTask":{"storageProvider":{"maxQueuePollingInterval":"2 seconds"}}}}""", "extensions.durableTask.storageProvider.maxQueuePollingInterval must be a time span above zero (\"hh:mm:ss\"), found \"2 seconds\"")]
    [InlineData("""{"extensions":{"durableTask":{"storageProvider":{"maxQueuePollingInterval":"00:00:00"}}}}""", "maxQueuePollingInterval must be a time span above zero")]
    [InlineData("""{"extensions":{"durableTask":{"storageProvider":{"controlQueueVisibilityTimeout":120}}}}""", "controlQueueVisibilityTimeout must be a time span above zero (\"hh:mm:ss\"), found Number")]
    [InlineData("""{"extensions":{"durableTask":{"extendedSessionsEnabled":"yes"}}}""", "extensions.durableTask.extendedSessionsEnabled must be true or false, found \"yes\"")]
    [InlineData("""{"extensions":{"durableTask":{"extendedSessionIdleTimeoutInSeconds":0}}}""", "extendedSessionIdleTimeoutInSeconds must be a whole number of seconds from 1")]
    [InlineData("""{"extensions":{"durableTask":[]}}""", "'durableTask' must be an object, found Array")]
    [InlineData("""{"extensions":{"durableTask":{"storageProvider":"AzureStorage"}}}""", "'storageProvider' must be an object, found String")]
    [InlineData("[]", "expected a JSON object")]
    [InlineData("{", "is not valid JSON")]
    public void Parse_AValueOfTheWrongShape_IsAnErrorNamingIt(string json, string expected)
    {
        InvalidDataException error = Assert.Throws<InvalidDataException>(() => DurableHubSettings.Parse(json, "my/host.json"));

        Assert.StartsWith("my/host.json", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ALongBadValue_IsShownCut()
    {
        string value = new('x', 5000);
        InvalidDataException error = Assert.Throws<InvalidDataException>(() => DurableHubSettings.Parse("""{"extensions":{"durableTask":{"storageProvider":{"maxQueuePollingInterval":""" + $"\"{value}\"" + "}}}}", "host.json"));

        Assert.True(error.Message.Length < 300, error.Message);
    }

    [Fact]
    public void Load_AMissingFile_SaysWhereItLookedAndWhy()
    {
        string path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "host.json");

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => DurableHubSettings.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("copies next to the executable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SidecarProvider_RunsWithHostJsonsSettings()
    {
        DurableHubSettings hub = DurableHubSettings.Load(HostJson);

        AzureStorageOrchestrationServiceSettings settings = DurableSidecar.ServiceSettings("Hub", hub, NullLoggerFactory.Instance, partitionCount: 4, new StorageAccountClientProvider("UseDevelopmentStorage=true"));

        Assert.Equal(hub.ExtendedSessions, settings.ExtendedSessionsEnabled);
        Assert.Equal(hub.ExtendedSessionIdleTimeout, settings.ExtendedSessionIdleTimeout);
        Assert.Equal(hub.MaxQueuePollingInterval, settings.MaxQueuePollingInterval);
        Assert.Equal(hub.ControlQueueVisibilityTimeout, settings.ControlQueueVisibilityTimeout);
        Assert.Equal(hub.WorkItemQueueVisibilityTimeout, settings.WorkItemQueueVisibilityTimeout);
        Assert.Equal(4, settings.PartitionCount);
        Assert.Equal("Hub", settings.TaskHubName);
    }
}
