using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Amazon.SQS;
using Amazon.SQS.Model;
using EcsRtma.Channels;
using EcsRtma.Http;
using EcsRtma.Infrastructure;
using EcsRtma.Infrastructure.Aws;
using EcsRtma.Infrastructure.Tables;
using EcsRtma.Ingestion;
using EcsRtma.Workflow;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EcsRtma.LocalHost;

/// <summary>
/// <c>ecs-rtma run [--seed DIR]</c>: the product's main job without the Functions host. It composes
/// the same drain, orchestration, activities, store and channels as the Functions app, keeps
/// durable state in Azure Storage (Azurite), and drains the SQS queue (fauxqs) continuously.
/// </summary>
public static class LocalRunCommand
{
    public static async Task<int> RunAsync(string? seedDir)
    {
        using var stopping = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stopping.Cancel(); };
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; stopping.Cancel(); });

        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.local.json"), optional: false)
            .AddInMemoryCollection(LocalSecrets())
            .AddEnvironmentVariables("ECSRTMA_");
        ConfigurationManager config = builder.Configuration;
        int httpPort = config.GetValue("Local:HttpPort", 7071);

        // The task hub runs as the Functions app's host.json says (ADR 0014); read before anything is sent or created.
        DurableHubSettings hub = DurableHubSettings.NextToExecutable();

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, httpPort);
            LocalEndpoints.ConfigureLimits(k);
        });

        builder.Services.AddLocalHostFiltering();

        var reporter = new ConsoleReporter();
        if (!PortIsFree(httpPort))
        {
            reporter.Line("error", $"127.0.0.1:{httpPort} is in use (another ecs-rtma run?). Stop it or set ECSRTMA_Local__HttpPort.", ConsoleColor.Red);
            return 1;
        }

        string storage = config["Tables:ConnectionString"] ?? throw new InvalidOperationException("Tables:ConnectionString is required");

        // Queue and tables first: the drain and the store need them.
        SqsOptions sqsOptions = config.GetSection(SqsOptions.SectionName).Get<SqsOptions>() ?? throw new InvalidOperationException("Sqs section is required");
        using (IAmazonSQS sqs = InfrastructureRegistration.CreateSqsClient(sqsOptions))
        {
            QueueUrls queues = await SqsQueueProvisioner.EnsureAsync(sqs, config["Local:QueueName"] ?? "ecs-changes", maxReceiveCount: 3, TimeSpan.FromSeconds(30), stopping.Token);
            reporter.Line("queue", $"SQS queue {queues.QueueUrl} (dead-letter queue {queues.DeadLetterQueueUrl}, redrive after 3 receives)");
            if (seedDir is not null)
            {
                int seeded = await SeedAsync(sqs, queues.QueueUrl, seedDir, stopping.Token);
                reporter.Line("seed", $"sent {seeded} sample events from {seedDir}");
            }
        }

        using ILoggerFactory sidecarLogs = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        int grpcPort = LocalDurableTask.FreeLoopbackPort();
        await using var sidecar = new AsyncDisposableHost(await DurableSidecar.StartAsync(storage, config["Local:TaskHubName"] ?? "EcsRtmaLocal", hub, grpcPort, sidecarLogs, stopping.Token));
        reporter.Line("durable", $"task hub on Azurite (Azure Storage provider, host.json: extended sessions {(hub.ExtendedSessions ? "on" : "off")}, idle queues polled every {hub.MaxQueuePollingInterval.TotalSeconds:0.#} s), gRPC sidecar on 127.0.0.1:{grpcPort}");

        using GrpcChannel channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        builder.Services.AddSingleton(reporter);
        builder.Services.AddEcsRtmaWorkflow().AddEcsRtmaIngestion().AddEcsRtmaInfrastructure().AddEcsRtmaChannels(config).AddEcsRtmaHttp();
        builder.Services.AddLocalDurableTask(channel);
        builder.Services.AddHostedService<DrainLoop>();
        builder.Services.AddHostedService<AlertWatcher>();

        await using WebApplication app = builder.Build();
        await app.Services.GetRequiredService<TableAlertStore>().EnsureCreatedAsync(stopping.Token);
        app.UseHostFiltering();
        app.UseBodyLimit();
        app.MapLocalEndpoints();
        await app.StartAsync(stopping.Token);
        reporter.Line("ready", $"local host on http://127.0.0.1:{httpPort} — board: http://127.0.0.1:{httpPort}/api/board  (API: /api/alerts, /api/changes, /api/health). Ctrl-C stops.", ConsoleColor.Green);
        Core.Escalation.EscalationPolicySet escalation = app.Services.GetRequiredService<Core.Escalation.EscalationPolicySet>();
        foreach (Core.Escalation.EscalationPolicy policy in escalation.Policies)
        {
            reporter.Line("", $"escalation '{policy.Name}': {string.Join(" → ", policy.Tiers.Select((t, i) => $"tier {i + 1} {string.Join('+', t.Channels)} {t.AckTimeout.TotalSeconds:0}s"))}{(policy.Repeat > 0 ? $", repeated {policy.Repeat}×" : string.Empty)}; grouping window {escalation.GroupingWindow.TotalSeconds:0}s");
        }

        try
        {
            await Task.Delay(Timeout.Infinite, stopping.Token);
        }
        catch (OperationCanceledException)
        {
            reporter.Line("stop", "stopping (in-flight escalations stay durable in Azurite and resume on the next run)");
        }

        await app.StopAsync(CancellationToken.None);
        return 0;
    }

    /// <summary>Per-run secrets for the local host only: never written to disk, never committed.</summary>
    private static Dictionary<string, string?> LocalSecrets()
    {
        var secrets = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ECSRTMA_Ack__SigningKey")))
        {
            secrets["Ack:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        }

        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ECSRTMA_Channels__Webhook__Secret")))
        {
            secrets["Channels:Webhook:Secret"] = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        }

        return secrets;
    }

    private static async Task<int> SeedAsync(IAmazonSQS sqs, string queueUrl, string directory, CancellationToken cancellationToken)
    {
        string[] files = [.. Directory.EnumerateFiles(directory).Where(f => !f.EndsWith(".md", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal)];
        foreach (string file in files)
        {
            await sqs.SendMessageAsync(new SendMessageRequest(queueUrl, await File.ReadAllTextAsync(file, cancellationToken)), cancellationToken);
        }

        return files.Length;
    }

    private static bool PortIsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private sealed class AsyncDisposableHost(IHost host) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await host.StopAsync(TimeSpan.FromSeconds(5));
            host.Dispose();
        }
    }
}
