using EcsRtma.Core.Alerts;
using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;
using EcsRtma.Core.Ports;
using EcsRtma.Detection;
using EcsRtma.Detection.Catalog;
using EcsRtma.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EcsRtma.Channels.Tests;

/// <summary>Notifications built the way the workflow builds them, from classified changes; and channels composed the way the hosts compose them.</summary>
public static class Alerts
{
    /// <summary>Attacker-controlled values that must come out inert in every format.</summary>
    public static readonly string[] Hostile =
    [
        "[click here](https://evil.example/phish)",
        "<!channel> <!here> <@U024BE7LH> @here @channel",
        "<https://evil.example/login|Reset your password>",
        "<script>alert(1)</script><img src=x onerror=alert(2)>",
        "pay\u200Bments\u202Edorp-\u2066x\u2069\uFEFF",
        "**bold** _it_ ~~s~~ `code` # heading > quote | pipe",
        "visit www.evil.example or http://10.0.0.1:8080/x now",
        "_http://203.0.113.9/login 9https://evil.example/a éhttps://пример.рф/a",
        new string('A', 100_000),
    ];

    public static AlertNotification Notification(string eventName = "DeleteService", string? cluster = null, string? service = null, string? actorArn = null, Recipient? person = null)
    {
        CloudTrailEvent change = Some.Change(eventName);
        if (cluster is not null || service is not null || actorArn is not null)
        {
            change = change with
            {
                Cluster = cluster ?? change.Cluster,
                Service = service ?? change.Service,
                UserIdentity = change.UserIdentity! with { Arn = actorArn ?? change.UserIdentity.Arn },
                UserAgent = cluster ?? change.UserAgent,
            };
        }

        Verdict verdict = new ChangeClassifier(EcsActionCatalog.Default).Classify(change);
        string alertId = "ecs-" + change.EventId;
        return new AlertNotification
        {
            AlertId = alertId,
            Tier = 1,
            Recipient = person?.Email ?? "channel:tier1",
            Verdict = verdict,
            EventTime = change.EventTime,
            AcknowledgeUrl = new Uri($"https://ecsrtma.example/api/ack/{alertId}?token=ack-token"),
            ResolveUrl = new Uri($"https://ecsrtma.example/api/ack/{alertId}?token=resolve-token"),
            BoardUrl = new Uri($"https://ecsrtma.example/api/board#{alertId}"),
            AckDeadline = change.EventTime.AddMinutes(15),
            Person = person,
            DeliveryKey = $"{alertId}|1|1|x|{person?.Email}",
            FirstAttemptAt = change.EventTime,
        };
    }

    /// <summary>The channel registered from configuration by <c>AddEcsRtmaChannels</c>, with its resilience pipeline.</summary>
    public static IAlertChannel Channel(string name, Dictionary<string, string?> settings)
    {
        settings.TryAdd("Channels:Resilience:FirstRetryDelay", "00:00:00.050");
        settings.TryAdd("Channels:Resilience:AttemptTimeout", "00:00:02");
        settings.TryAdd("Channels:Resilience:TotalTimeout", "00:00:10");
        IConfiguration config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        ServiceProvider services = new ServiceCollection().AddSingleton(config).AddLogging().AddEcsRtmaChannels(config).BuildServiceProvider();
        return services.GetServices<IAlertChannel>().Single(c => c.Name == name);
    }
}
