using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Amazon.SQS;
using EcsRtma.Channels;
using EcsRtma.Http;
using EcsRtma.Http.Acknowledge;
using EcsRtma.Infrastructure;
using EcsRtma.Infrastructure.Aws;
using EcsRtma.Infrastructure.Tables;
using EcsRtma.Ingestion;
using EcsRtma.Workflow;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EcsRtma.Integration.Tests;

/// <summary>
/// The whole product composed the way the hosts compose it (AddEcsRtmaWorkflow, AddEcsRtmaInfrastructure,
/// AddEcsRtmaChannels over configuration), on a fresh SQS queue in fauxqs, fresh tables in Azurite, a
/// DurableTaskTestHost and a local webhook receiver.
/// </summary>
public sealed class Pipeline : IAsyncDisposable
{
    public const string WebhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwMfKQ9r8GKYqr";

    private Pipeline(DurableTaskTestHost host, WebhookReceiver webhook, IAmazonSQS sqs, QueueUrls queues, string tablePrefix, string storage)
    {
        TablePrefix = tablePrefix;
        StorageConnectionString = storage;
        Host = host;
        Webhook = webhook;
        Sqs = sqs;
        Queues = queues;
    }

    public DurableTaskTestHost Host { get; }

    /// <summary>This pipeline's own tables start with it.</summary>
    public string TablePrefix { get; }

    public string StorageConnectionString { get; }

    /// <summary>Every log line the product wrote (all levels), to check what it logs.</summary>
    public CapturedLogs Logs { get; private init; } = null!;

    public WebhookReceiver Webhook { get; }

    public IAmazonSQS Sqs { get; }

    public QueueUrls Queues { get; }

    public TableAlertStore Store => Host.Services.GetRequiredService<TableAlertStore>();

    public ChangeQueueDrainer Drainer => Host.Services.GetRequiredService<ChangeQueueDrainer>();

    public AcknowledgeService Acknowledgements => Host.Services.GetRequiredService<AcknowledgeService>();

    public static Task<Pipeline> StartAsync(TimeSpan tier1, TimeSpan tier2, int maxReceiveCount = 3, TimeSpan? visibilityTimeout = null, IReadOnlyDictionary<string, string?>? settings = null) =>
        StartAsync(Emulators.StorageConnectionString, Emulators.SqsServiceUrl, tier1, tier2, maxReceiveCount, visibilityTimeout, settings);

    /// <summary>The pipeline on given emulator endpoints (the fault tests use emulators of their own).</summary>
    /// <param name="configure">Last word on the settings, given the receiver (a second channel pointed at it).</param>
    public static async Task<Pipeline> StartAsync(string storage, Uri sqsUrl, TimeSpan tier1, TimeSpan tier2, int maxReceiveCount = 3, TimeSpan? visibilityTimeout = null, IReadOnlyDictionary<string, string?>? settings = null, Action<Dictionary<string, string?>, WebhookReceiver>? configure = null)
    {
        string suffix = Guid.NewGuid().ToString("N")[..10];
        var sqsOptions = new SqsOptions { ServiceUrl = sqsUrl, QueueUrl = new Uri("http://placeholder/q"), Region = "us-east-1", AccessKeyId = "test", SecretAccessKey = "test" };
        IAmazonSQS sqs = InfrastructureRegistration.CreateSqsClient(sqsOptions);
        QueueUrls queues = await SqsQueueProvisioner.EnsureAsync(sqs, "ecs-changes-" + suffix, maxReceiveCount, visibilityTimeout ?? TimeSpan.FromSeconds(30));
        WebhookReceiver webhook = await WebhookReceiver.StartAsync();

        IConfiguration config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sqs:ServiceUrl"] = sqsUrl.ToString(),
            ["Sqs:QueueUrl"] = queues.QueueUrl,
            ["Sqs:Region"] = "us-east-1",
            ["Sqs:AccessKeyId"] = "test",
            ["Sqs:SecretAccessKey"] = "test",
            ["Tables:ConnectionString"] = storage,
            ["Tables:TablePrefix"] = "T" + suffix,
            ["Ack:BaseUrl"] = "https://ecsrtma.example",
            ["Ack:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Channels:Webhook:Url"] = webhook.Url.ToString(),
            ["Channels:Webhook:Secret"] = WebhookSecret,
            ["Drain:MaxRunDuration"] = "00:00:20",
            ["Drain:ReceiveWait"] = "00:00:01",
            ["Drain:StopWhenEmpty"] = "true",
            ["Escalation:DeliveryAttempts"] = "2",
            ["Escalation:DeliveryFirstRetryInterval"] = "00:00:01",
            ["Escalation:Tiers:0:Channels:0"] = "webhook",
            ["Escalation:Tiers:0:AckTimeout"] = tier1.ToString(),
            ["Escalation:Tiers:1:Channels:0"] = "webhook",
            ["Escalation:Tiers:1:AckTimeout"] = tier2.ToString(),
            ["Escalation:GroupingWindow"] = "00:00:00",
            ["Escalation:AutoCloseAfter"] = "00:00:02",
        }).AddInMemoryCollection(Configured(settings, configure, webhook)).Build();

        var logs = new CapturedLogs();
        DurableTaskTestHost host = await DurableTaskTestHost.StartAsync(
            registry => registry.AddEcsRtmaTasks(),
            new DurableTaskTestHostOptions
            {
                Port = FreePort(),
                LoggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddFilter("Microsoft", LogLevel.Warning).AddFilter("Grpc", LogLevel.Warning).AddFilter("System", LogLevel.Warning).AddProvider(logs)),
                ConfigureServices = services =>
                {
                    services.AddSingleton(config);
                    services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddFilter("Microsoft", LogLevel.Warning).AddFilter("Grpc", LogLevel.Warning).AddProvider(logs));
                    services.AddEcsRtmaWorkflow().AddEcsRtmaIngestion().AddEcsRtmaInfrastructure().AddEcsRtmaChannels(config).AddEcsRtmaHttp();
                },
            });
        await host.Services.GetRequiredService<TableAlertStore>().EnsureCreatedAsync();
        return new Pipeline(host, webhook, sqs, queues, "T" + suffix, storage) { Logs = logs };
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Webhook.DisposeAsync();
        Sqs.Dispose();
    }

    private static Dictionary<string, string?> Configured(IReadOnlyDictionary<string, string?>? settings, Action<Dictionary<string, string?>, WebhookReceiver>? configure, WebhookReceiver webhook)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        configure?.Invoke(all, webhook);
        return all.Where(kv => kv.Value is not null).ToDictionary();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
