using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;
using EcsRtma.Testing;
using EcsRtma.Workflow;
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

    public AckTokenService Tokens { get; } = new(RandomNumberGenerator.GetBytes(32), TimeProvider.System);

    public DurableTaskTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await DurableTaskTestHost.StartAsync(
            registry => registry.AddEcsRtmaTasks(),
            new DurableTaskTestHostOptions
            {
                Port = FreePort(),
                LoggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning)),
                ConfigureServices = services =>
                {
                    services.AddSingleton<IAlertStore>(Store);
                    services.AddSingleton<IAlertChannel>(Channel);
                    services.AddSingleton(Tokens);
                    services.AddSingleton(TimeProvider.System);
                    services.AddSingleton<Workflow.Drain.EcsRtmaMetrics>();
                    services.AddSingleton(Options.Create(new AckOptions { BaseUrl = new Uri("https://ecsrtma.example"), SigningKey = "unused-here" }));
                    services.AddSingleton(Core.Detection.EcsActionCatalog.Default);
                    services.AddSingleton<Core.Detection.ChangeClassifier>();
                    services.AddLogging();
                },
            });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    /// <summary>The test host picks a random port without checking it is free; we check.</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
