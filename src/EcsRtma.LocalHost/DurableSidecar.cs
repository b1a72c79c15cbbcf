using System.Net;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EcsRtma.LocalHost;

/// <summary>
/// The Durable Task gRPC sidecar with production-like durable state: <see cref="TaskHubGrpcServer"/>
/// over <see cref="AzureStorageOrchestrationService"/> on Azurite, listening on loopback only.
/// Orchestrations survive a restart of the local host, as they do in Azure Functions.
/// </summary>
public static class DurableSidecar
{
    /// <param name="clients">The storage clients the provider uses; by default plain clients for the connection string (the load harness passes counting ones).</param>
    public static async Task<IHost> StartAsync(string storageConnectionString, string taskHubName, int port, ILoggerFactory loggerFactory, CancellationToken cancellationToken, int partitionCount = 1, StorageAccountClientProvider? clients = null, bool extendedSessions = false)
    {
        var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = taskHubName,
            StorageAccountClientProvider = clients ?? new StorageAccountClientProvider(storageConnectionString),
            LoggerFactory = loggerFactory,
            PartitionCount = Math.Clamp(partitionCount, 1, 16),
            // Keep an orchestration's history in memory between its episodes (host.json extendedSessionsEnabled).
            ExtendedSessionsEnabled = extendedSessions,
            ExtendedSessionIdleTimeout = TimeSpan.FromSeconds(30),
            MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
            // The sidecar's dispatcher sleeps 500 ms whenever every slot is busy; the defaults (activities:
            // 10 per core) kept a 2-core machine waiting on slots, not on work.
            MaxConcurrentTaskActivityWorkItems = 100,
            MaxConcurrentTaskOrchestrationWorkItems = 100,
            // After a crash, the work a dead host had dequeued reappears after this (default 5 min). Our
            // activities finish well within a minute (channel calls give up after 45 s), so 1 min is safe.
            ControlQueueVisibilityTimeout = TimeSpan.FromMinutes(1),
            WorkItemQueueVisibilityTimeout = TimeSpan.FromMinutes(1),
        });
        await service.CreateIfNotExistsAsync();
        return await StartAsync(service, service, port, loggerFactory, cancellationToken);
    }

    /// <summary>The sidecar over any orchestration service (the load harness also runs it over the in-memory one).</summary>
    public static async Task<IHost> StartAsync(IOrchestrationService service, IOrchestrationServiceClient client, int port, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<IOrchestrationService>(service);
        builder.Services.AddSingleton(client);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        WebApplication app = builder.Build();
        app.MapGrpcService<TaskHubGrpcServer>();
        await app.StartAsync(cancellationToken);
        return app;
    }
}
