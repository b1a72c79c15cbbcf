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
    /// <param name="hub">The provider's settings from host.json (<see cref="DurableHubSettings"/>): what the Functions host runs with in Azure.</param>
    /// <param name="clients">The storage clients the provider uses; by default plain clients for the connection string (the load harness passes counting ones).</param>
    public static async Task<IHost> StartAsync(string storageConnectionString, string taskHubName, DurableHubSettings hub, int port, ILoggerFactory loggerFactory, CancellationToken cancellationToken, int partitionCount = 1, StorageAccountClientProvider? clients = null)
    {
        var service = new AzureStorageOrchestrationService(ServiceSettings(taskHubName, hub, loggerFactory, partitionCount, clients ?? new StorageAccountClientProvider(storageConnectionString)));
        await service.CreateIfNotExistsAsync();
        return await StartAsync(service, service, port, loggerFactory, cancellationToken);
    }

    /// <summary>The Azure Storage provider's settings: host.json's (<paramref name="hub"/>) plus what only the sidecar needs.</summary>
    public static AzureStorageOrchestrationServiceSettings ServiceSettings(string taskHubName, DurableHubSettings hub, ILoggerFactory loggerFactory, int partitionCount, StorageAccountClientProvider clients)
    {
        ArgumentNullException.ThrowIfNull(hub);
        return new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = taskHubName,
            StorageAccountClientProvider = clients,
            LoggerFactory = loggerFactory,
            PartitionCount = Math.Clamp(partitionCount, 1, 16),
            ExtendedSessionsEnabled = hub.ExtendedSessions,
            ExtendedSessionIdleTimeout = hub.ExtendedSessionIdleTimeout,
            MaxQueuePollingInterval = hub.MaxQueuePollingInterval,
            ControlQueueVisibilityTimeout = hub.ControlQueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = hub.WorkItemQueueVisibilityTimeout,
            // Only the sidecar's: its dispatcher sleeps 500 ms whenever every slot is busy, and the
            // defaults (activities: 10 per core) kept a 2-core machine waiting on slots, not on work.
            // The Functions host has its own dispatchers (host.json maxConcurrent*Functions).
            MaxConcurrentTaskActivityWorkItems = 100,
            MaxConcurrentTaskOrchestrationWorkItems = 100,
        };
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
