using System.Net;
using System.Net.Sockets;
using EcsRtma.Workflow;
using Grpc.Net.Client;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace EcsRtma.LocalHost;

/// <summary>The Durable Task worker and client of the local hosts, connected to the in-process sidecar.</summary>
public static class LocalDurableTask
{
    public static IServiceCollection AddLocalDurableTask(this IServiceCollection services, GrpcChannel channel)
    {
        services.AddDurableTaskWorker(b =>
        {
            b.UseGrpc(channel);
            b.AddTasks(r => r.AddEcsRtmaTasks());
        });
        services.AddDurableTaskClient(b =>
        {
            b.UseGrpc(channel);
            b.RegisterDirectly();
        });
        return services;
    }

    /// <summary>A free TCP port on 127.0.0.1 for the sidecar.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
