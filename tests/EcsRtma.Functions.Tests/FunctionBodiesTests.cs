using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Events;
using EcsRtma.Core.Ports;
using EcsRtma.Detection;
using EcsRtma.Detection.Catalog;
using EcsRtma.Functions.Triggers;
using EcsRtma.Testing;
using EcsRtma.Workflow;
using EcsRtma.Workflow.Contracts;
using EcsRtma.Workflow.Links;
using EcsRtma.Workflow.Orchestrations;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcsRtma.Functions.Tests;

/// <summary>
/// The hand-written [Function] wrappers themselves, run in DurableTaskTestHost: the orchestration
/// trigger unpacks its input and every activity trigger forwards to the right activity.
/// </summary>
public sealed class FunctionBodiesTests
{
    [Fact]
    public async Task Wrappers_RunTheWholeLadder_AsTheFunctionsHostWould()
    {
        var store = new InMemoryAlertStore();
        var channel = new RecordingChannel();
        IServiceProvider? services = null;
        ActivityTriggers Triggers() => services!.GetRequiredService<ActivityTriggers>();

        await using DurableTaskTestHost host = await DurableTaskTestHost.StartAsync(r =>
        {
            // Typed registration so the host deserializes the input as ChangeInput, as Functions' GetInput<T> does;
            // the wrapper itself reads it back through context.GetInput<ChangeInput>().
            r.AddOrchestratorFunc<ChangeInput, ChangeResult>(nameof(ChangeOrchestration), (context, _) => ChangeOrchestrationTrigger.RunAsync(context));
            r.AddActivityFunc<RecordFailureInput, AlertOpening>(nameof(Workflow.Activities.RecordFailure), (_, input) => Triggers().RecordFailureAsync(input, CancellationToken.None));
            r.AddActivityFunc<RecordChangeInput, AlertOpening>(nameof(Workflow.Activities.RecordChange), (_, input) => Triggers().RecordChangeAsync(input, CancellationToken.None));
            r.AddActivityFunc<DeliverInput, bool>(nameof(Workflow.Activities.DeliverNotification), (_, input) => Triggers().DeliverNotificationAsync(input, CancellationToken.None));
            r.AddActivityFunc<TimelineInput, bool>(nameof(Workflow.Activities.AppendTimeline), (_, input) => Triggers().AppendTimelineAsync(input, CancellationToken.None));
            r.AddActivityFunc<AlertStateInput, bool>(nameof(Workflow.Activities.UpdateAlertState), (_, input) => Triggers().UpdateAlertStateAsync(input, CancellationToken.None));
            r.AddActivityFunc<ReflectInput, int>(nameof(Workflow.Activities.ReflectAlertState), (_, input) => Triggers().ReflectAlertStateAsync(input, CancellationToken.None));
        }, new DurableTaskTestHostOptions
        {
            Port = FreePort(),
            LoggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning)),
            ConfigureServices = s =>
            {
                s.AddLogging();
                s.AddEcsRtmaStore(_ => store);
                s.AddSingleton<IAlertChannel>(channel);
                s.AddSingleton(TimeProvider.System);
                s.AddSingleton<EcsRtma.Workflow.Telemetry.EcsRtmaMetrics>();
                s.AddSingleton(new AckTokenService(RandomNumberGenerator.GetBytes(32), TimeProvider.System));
                s.AddSingleton(Options.Create(new AckOptions { BaseUrl = new Uri("https://func.example"), SigningKey = "x" }));
                s.AddSingleton(EcsActionCatalog.Default);
                s.AddSingleton<ChangeClassifier>();
                s.AddTransient<Workflow.Activities.RecordFailure>();
                s.AddTransient<Workflow.Activities.RecordChange>();
                s.AddTransient<Workflow.Activities.DeliverNotification>();
                s.AddTransient<Workflow.Activities.AppendTimeline>();
                s.AddTransient<Workflow.Activities.UpdateAlertState>();
                s.AddTransient<Workflow.Activities.ReflectAlertState>();
                s.AddTransient<ActivityTriggers>();
            },
        });
        services = host.Services;

        CloudTrailEvent change = Some.Change("DeleteCluster");
        string id = InstanceIds.ForEvent(change.EventId);
        var plan = Some.Escalation(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ChangeOrchestration), ChangeInput.Create(change, new ChangeClassifier(EcsActionCatalog.Default), DeliveryRetry.Default) with { Escalation = plan }, new StartOrchestrationOptions(id));

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        OrchestrationMetadata done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cts.Token);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.FailureDetails?.ErrorType} {done.FailureDetails?.ErrorMessage}");
        Assert.Equal((AlertStatus.Unacknowledged, 2), (done.ReadOutputAs<ChangeResult>()!.Status, done.ReadOutputAs<ChangeResult>()!.TierReached));
        Assert.Equal([1, 2], channel.Sent.Select(n => n.Tier).Order());
        Assert.Equal(AlertStatus.Unacknowledged, (await store.GetAlertAsync(id))!.Status);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
