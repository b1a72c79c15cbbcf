using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;
using EcsRtma.Testing;
using EcsRtma.Workflow.Links;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcsRtma.Workflow.Tests;

/// <summary>
/// The real orchestration and activities in <see cref="DurableTaskTestHost"/>, with fakes only for
/// our own ports (store, channel). One host per test class; tests use distinct instance ids.
/// </summary>
public sealed class WorkflowHostFixture : IAsyncLifetime
{
    public InMemoryAlertStore Store { get; } = new();

    public RecordingChannel Channel { get; } = new("webhook");

    /// <summary>A second broadcast channel (think Teams) for multi-channel tiers.</summary>
    public RecordingChannel Chat { get; } = new("chat");

    /// <summary>A per-recipient channel (think email): one copy, one link, per person.</summary>
    public RecordingChannel Mail { get; } = new("mail", perRecipient: true);

    /// <summary>A per-recipient channel with little room (think SMS): short links.</summary>
    public RecordingChannel Text { get; } = new("text", perRecipient: true, shortLinks: true);

    /// <summary>The exhaustion channel (think ServiceNow).</summary>
    public RecordingChannel Ticket { get; } = new("ticket");

    /// <summary>Always down.</summary>
    public RecordingChannel Broken { get; } = new("broken");

    public AckTokenService Tokens { get; } = new(RandomNumberGenerator.GetBytes(32), TimeProvider.System);

    public DurableTaskTestHost Host { get; private set; } = null!;

    public IOptions<AckOptions> Ack { get; } = Options.Create(new AckOptions { BaseUrl = new Uri("https://ecsrtma.example"), SigningKey = "unused-here" });

    /// <summary>The delivery activity over the fixture's channels, store and directory, as the host builds it: for the drain, which runs it outside the host.</summary>
    public EcsRtma.Workflow.Activities.DeliverNotification Deliverer() =>
        new([Channel, Chat, Mail, Text, Ticket, Broken], Tokens, Store, Store, Store, Ack, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<EcsRtma.Workflow.Activities.DeliverNotification>.Instance, new StaticDirectory());

    public async Task InitializeAsync()
    {
        Broken.FailNext(int.MaxValue);
        Host = await DurableTaskTestHost.StartAsync(
            registry => registry.AddEcsRtmaTasks(),
            new DurableTaskTestHostOptions
            {
                Port = FreePort(),
                LoggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning)),
                ConfigureServices = services =>
                {
                    services.AddEcsRtmaStore(_ => Store);
                    services.AddSingleton<IAlertChannel>(Channel);
                    services.AddSingleton<IAlertChannel>(Chat);
                    services.AddSingleton<IAlertChannel>(Mail);
                    services.AddSingleton<IAlertChannel>(Text);
                    services.AddSingleton<IAlertChannel>(Ticket);
                    services.AddSingleton<IAlertChannel>(Broken);
                    services.AddSingleton<IRecipientDirectory>(new StaticDirectory());
                    services.AddSingleton(Tokens);
                    services.AddSingleton(TimeProvider.System);
                    services.AddSingleton<EcsRtma.Workflow.Telemetry.EcsRtmaMetrics>();
                    services.AddSingleton(Ack);
                    services.AddSingleton(EcsRtma.Detection.Catalog.EcsActionCatalog.Default);
                    services.AddSingleton<EcsRtma.Detection.ChangeClassifier>();
                    services.AddSingleton(new EcsRtma.Workflow.Channels.ChannelGate(8, TimeSpan.FromSeconds(5)));
                    services.AddSingleton<EcsRtma.Workflow.Channels.ChannelHealth>();
                    services.AddLogging();
                },
            });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    /// <summary>Group ids used by the tests and their members (the Graph-backed directory is tested against its contract).</summary>
    public static class Groups
    {
        public const string Platform = "6f1c2a0e-3d4b-4c1a-9b7e-2f0d5c8a1e33";
    }

    private sealed class StaticDirectory : IRecipientDirectory
    {
        public Task<IReadOnlyList<Recipient>> GetGroupMembersAsync(string groupId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Recipient>>(groupId == Groups.Platform
                ? [new Recipient("Dana", "dana@contoso.example", "+15550100"), new Recipient("Eve", "eve@contoso.example")]
                : throw new InvalidOperationException($"unknown group {groupId}"));
    }

    /// <summary>The test host picks a random port without checking it is free; we check.</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
