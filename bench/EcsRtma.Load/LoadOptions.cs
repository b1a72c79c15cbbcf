using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Amazon.SQS;
using Amazon.SQS.Model;
using EcsRtma.Core.Ports;
using EcsRtma.Infrastructure;
using EcsRtma.Infrastructure.Aws;
using EcsRtma.Infrastructure.Tables;
using EcsRtma.Workflow;
using Grpc.Net.Client;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EcsRtma.Load;

/// <summary>What <c>ecs-rtma load</c> runs: events, receivers, durable partitions and backend, in-memory concurrency, arrival rate (0: all up front).</summary>
public sealed record LoadOptions(int Count = 100_000, int Receivers = 8, int Partitions = 1, string Durable = "memory", int Concurrency = 100, int Rate = 0)
{
    /// <summary>With <c>--durable azurite</c>: the provider's extended sessions (history kept in memory between episodes).</summary>
    public bool ExtendedSessions { get; init; }
}
