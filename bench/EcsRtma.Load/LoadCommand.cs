using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Security.Cryptography;
using Amazon.SQS;
using Amazon.SQS.Model;
using EcsRtma.Core.Ports;
using EcsRtma.Infrastructure;
using EcsRtma.Infrastructure.Aws;
using EcsRtma.Infrastructure.Tables;
using EcsRtma.Ingestion;
using EcsRtma.LocalHost;
using EcsRtma.Workflow;
using EcsRtma.Workflow.Telemetry;
using Grpc.Net.Client;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EcsRtma.Load;

/// <summary>
/// <c>ecs-rtma load [--count N] [--rate E] [--receivers R] [--durable memory|azurite] [--partitions P]</c>: puts N
/// realistic ECS events into the SQS emulator (all up front, or E per second while the drain runs), runs the real drain and workflow with application
/// state on Azurite (fresh queue and tables), and prints throughput, SQS calls per message, Table
/// operations per change, latency from enqueue to orchestration start and to first notification
/// (p50/p99), peak memory, and lost and duplicated counts, with a progress line every 30 s.
/// Durable state is the Durable Task in-memory service by default; <c>--durable azurite</c> puts it in
/// the Azure Storage provider on Azurite as the local host does (P partitions) — production's
/// provider, but Azurite's queue service works in proportion to every message it holds (each
/// waiting alert holds a timer) and its table queries scan the whole table, so that run slows as
/// alerts accumulate (docs/PERFORMANCE.md). Needs the emulators: scripts/emulators.sh start load
/// (or dev).
/// </summary>
public static class LoadCommand
{
    /// <param name="settings">Configuration applied last (tests point the harness at their emulators).</param>
    public static async Task<int> RunAsync(LoadOptions options, TextWriter output, IReadOnlyDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        (int count, int receivers, int partitions, string durable, int concurrency, int rate) = options;
        if (durable is not ("memory" or "azurite"))
        {
            output.WriteLine($"--durable must be 'memory' or 'azurite', not '{durable}'");
            return 2;
        }

        string run = DateTime.UtcNow.ToString("MMddHHmmss", CultureInfo.InvariantCulture) + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));

        IConfiguration config = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.local.json"), optional: false)
            .AddEnvironmentVariables("ECSRTMA_")
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Ack:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                ["Tables:TablePrefix"] = "Load" + run,
                ["Drain:Receivers"] = receivers.ToString(CultureInfo.InvariantCulture),
                ["Drain:StopWhenEmpty"] = "true",
                ["Drain:ReceiveWait"] = "00:00:01",
                ["Drain:MaxRunDuration"] = "00:05:00",
                ["Escalation:Tiers:0:Channels:0"] = "webhook",
                // Longer than any run, unless --ack-timeout asks for escalations to be measured.
                ["Escalation:Tiers:0:AckTimeout"] = options.AckTimeout > TimeSpan.Zero ? options.AckTimeout.ToString("c", CultureInfo.InvariantCulture) : "12:00:00",
                ["Escalation:Tiers:1:Channels:0"] = "webhook",
                ["Escalation:Tiers:1:AckTimeout"] = "12:00:00",
                ["Escalation:GroupingWindow"] = "00:00:00", // worst case: every change its own alert
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();

        // The provider runs as host.json says (ADR 0014), unless an option overrides it for an experiment.
        DurableHubSettings hub = DurableHubSettings.NextToExecutable();
        hub = hub with
        {
            ExtendedSessions = options.ExtendedSessions ?? hub.ExtendedSessions,
            MaxQueuePollingInterval = options.MaxQueuePolling ?? hub.MaxQueuePollingInterval,
        };

        SqsOptions sqsOptions = config.GetSection(SqsOptions.SectionName).Get<SqsOptions>()!;
        using IAmazonSQS sqs = InfrastructureRegistration.CreateSqsClient(sqsOptions);
        QueueUrls queues = await SqsQueueProvisioner.EnsureAsync(sqs, $"load-{run}", 5, TimeSpan.FromMinutes(5));
        output.WriteLine($"load run {run}: {count:N0} events {(options.Idle > TimeSpan.Zero ? $"one at a time, each after {options.Idle.TotalSeconds:0} s of quiet" : rate > 0 ? $"arriving at {rate}/s" : "queued up front")}, {receivers} receivers, durable state {(durable == "memory" ? "in memory" : $"on Azurite, {partitions} partition(s), extended sessions {(hub.ExtendedSessions ? "on" : "off")}, idle queues polled every {hub.MaxQueuePollingInterval.TotalSeconds:0.#} s")}, first notification sent by the {(config.GetValue("Drain:NotifyFirstTier", true) ? "drain" : "orchestration")}, channel latency {options.ChannelLatency.TotalMilliseconds:0} ms, queue {queues.QueueUrl}");

        using ILoggerFactory quiet = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Error));
        int grpcPort = LocalDurableTask.FreeLoopbackPort();
        string storage = config["Tables:ConnectionString"]!;
        IHost sidecar;
        StorageRequestCounter? footprint = null;
        if (durable == "memory")
        {
            var inMemory = new InMemoryDurableState(new InMemoryOrchestrationService(quiet), concurrency);
            sidecar = await DurableSidecar.StartAsync(inMemory, inMemory, grpcPort, quiet, CancellationToken.None);
        }
        else
        {
            footprint = new StorageRequestCounter();
            var blobOptions = new Azure.Storage.Blobs.BlobClientOptions();
            blobOptions.AddPolicy(footprint.For("blobs"), Azure.Core.HttpPipelinePosition.PerRetry);
            var queueOptions = new Azure.Storage.Queues.QueueClientOptions();
            queueOptions.AddPolicy(footprint.For("queues"), Azure.Core.HttpPipelinePosition.PerRetry);
            var tableOptions = new Azure.Data.Tables.TableClientOptions();
            tableOptions.AddPolicy(footprint.For("tables"), Azure.Core.HttpPipelinePosition.PerRetry);
            var clients = new DurableTask.AzureStorage.StorageAccountClientProvider(
                DurableTask.AzureStorage.StorageServiceClientProvider.ForBlob(storage, blobOptions),
                DurableTask.AzureStorage.StorageServiceClientProvider.ForQueue(storage, queueOptions),
                DurableTask.AzureStorage.StorageServiceClientProvider.ForTable(storage, tableOptions));
            sidecar = await DurableSidecar.StartAsync(storage, TaskHub(run), hub, grpcPort, quiet, CancellationToken.None, partitions, clients);
        }

        using GrpcChannel channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        var timing = new TimingChannel("webhook", options.ChannelLatency);

        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddConfiguration(config);
        builder.Configuration["Sqs:QueueUrl"] = queues.QueueUrl;
        // Errors during the run are printed; the cancellations of in-flight work when the harness stops are not.
        bool stopping = false;
        builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true)
            .AddFilter((category, level) => level >= LogLevel.Error && !(stopping && category?.StartsWith("Microsoft.DurableTask", StringComparison.Ordinal) == true));
        builder.Services.AddEcsRtmaWorkflow().AddEcsRtmaIngestion().AddEcsRtmaInfrastructure();
        // Application state: every Table request counted by the same pipeline policy as the provider's;
        // the recorded changes and opened alerts seen through generated decorators of the two ports.
        var appRequests = new StorageRequestCounter();
        var appTableOptions = new Azure.Data.Tables.TableClientOptions();
        appTableOptions.AddPolicy(appRequests.For("tables"), Azure.Core.HttpPipelinePosition.PerRetry);
        builder.Services.AddSingleton(new Azure.Data.Tables.TableServiceClient(storage, appTableOptions));
        var store = new StoreProbe();
        builder.Services.AddSingleton(sp => store.Observe((IChangeLog)sp.GetRequiredService<TableAlertStore>()));
        builder.Services.AddSingleton(sp => store.Observe((IAlertStore)sp.GetRequiredService<TableAlertStore>()));
        builder.Services.AddSingleton<IAlertChannel>(timing);
        builder.Services.AddLocalDurableTask(channel);
        using IHost host = builder.Build();
        await host.Services.GetRequiredService<TableAlertStore>().EnsureCreatedAsync();
        await host.StartAsync();

        // Ctrl+C / SIGTERM: stop sending, draining and waiting, and print what was measured so far.
        CancellationToken stop = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;

        var lags = new ConcurrentBag<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == EcsRtmaMetrics.MeterName && instrument.Name == "ecsrtma.drain.queue_lag")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => lags.Add(value));
        listener.Start();

        var clock = Stopwatch.StartNew();
        Task<int> enqueue = options.Idle > TimeSpan.Zero ? EnqueueAfterQuietAsync(sqs, queues.QueueUrl, count, options.Idle, stop) : EnqueueAsync(sqs, queues.QueueUrl, count, rate, stop);
        TimeSpan enqueueTime = TimeSpan.Zero;
        if (rate <= 0 && options.Idle == TimeSpan.Zero)
        {
            // A backlog: everything is on the queue before the drain starts.
            await enqueue;
            enqueueTime = clock.Elapsed;
            output.WriteLine($"enqueued in {enqueueTime.TotalSeconds:F1} s ({count / enqueueTime.TotalSeconds:N0}/s, {enqueue.Result:N0} SendMessageBatch calls)");
        }

        ChangeQueueDrainer drainer = host.Services.GetRequiredService<ChangeQueueDrainer>();
        DurableTaskClient client = host.Services.GetRequiredService<DurableTaskClient>();
        var drainClock = Stopwatch.StartNew();
        int received = 0, started = 0, recorded = 0, duplicates = 0, rejected = 0, sqsCalls = 0;
        using var progressStop = new CancellationTokenSource();
        Task progress = ReportProgressAsync(output, drainClock, () => lags.Count, store, appRequests, timing, progressStop.Token);
        while (started + recorded + duplicates + rejected < count && drainClock.Elapsed < TimeSpan.FromHours(12) && !stop.IsCancellationRequested)
        {
            DrainReport report;
            try
            {
                report = await drainer.DrainAsync(client, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }

            (received, started, recorded, duplicates, rejected, sqsCalls) = (received + report.Received, started + report.Started, recorded + report.Recorded, duplicates + report.Duplicates, rejected + report.Rejected, sqsCalls + report.SqsCalls);
        }

        int sendCalls = await enqueue;
        TimeSpan drainTime = drainClock.Elapsed;
        output.WriteLine($"drain finished at {drainTime.TotalSeconds:F0} s: {started + recorded:N0} handled");

        // Settle until every started change is recorded and every opened alert notified, or until nothing moved for 5 minutes.
        bool escalating = options.AckTimeout > TimeSpan.Zero;
        (int Recorded, int Notified, int Escalated) last = (-1, -1, -1);
        var idle = Stopwatch.StartNew();
        while ((store.RecordedChanges.Count < started + recorded || timing.Notified.Count < store.OpenedAlerts.Count || (escalating && timing.EscalatedLate.Count < timing.Notified.Count))
            && idle.Elapsed < TimeSpan.FromMinutes(5) + options.AckTimeout && !stop.IsCancellationRequested)
        {
            await Task.Delay(200, CancellationToken.None);
            (int Recorded, int Notified, int Escalated) now = (store.RecordedChanges.Count, timing.Notified.Count, timing.EscalatedLate.Count);
            if (now != last)
            {
                (last, idle) = (now, Stopwatch.StartNew());
            }
        }

        await progressStop.CancelAsync();
        await progress;

        TimeSpan total = clock.Elapsed - enqueueTime;
        double[] lag = [.. lags.Order()];
        double[] notify = [.. timing.Notified.Values.Select(v => (v.At - v.EventTime).TotalSeconds).Order()];
        int lost = count - store.RecordedChanges.Count;
        int unnotified = store.OpenedAlerts.Keys.Count(id => !timing.Notified.ContainsKey(id));
        int duplicated = Math.Max(0, started + recorded - count) + timing.Notified.Values.Count(v => v.Count > 1);
        double[] late = [.. timing.EscalatedLate.Values.Select(v => v.TotalSeconds).Order()];

        output.WriteLine($"""

            drain:            {started + recorded:N0} handled in {drainTime.TotalSeconds:F1} s = {(started + recorded) / drainTime.TotalSeconds:N0} changes/s: {started:N0} orchestrations started, {recorded:N0} recorded without one (received {received:N0}, duplicates {duplicates}, rejected {rejected})
            pipeline:         {store.RecordedChanges.Count:N0} changes recorded, {timing.Notified.Count:N0} of {store.OpenedAlerts.Count:N0} alerts notified in {total.TotalSeconds:F1} s = {store.RecordedChanges.Count / total.TotalSeconds:N0} changes/s
            SQS calls:        {sqsCalls:N0} drain calls = {(double)sqsCalls / count:F3} per message (target ≤ 0.25); plus {sendCalls:N0} sends
            Table requests:   {appRequests.Tables:N0} = {(double)appRequests.Tables / Math.Max(1, store.RecordedChanges.Count):F2} per change (application state, HTTP requests incl. retries; durable state below)
            enqueue → start:  p50 {Percentile(lag, 0.50):F2} s, p99 {Percentile(lag, 0.99):F2} s
            enqueue → notify: p50 {Percentile(notify, 0.50):F2} s, p99 {Percentile(notify, 0.99):F2} s, max {(notify.Length == 0 ? double.NaN : notify[^1]):F2} s
            escalation:       {(escalating ? $"{late.Length:N0} of {timing.Notified.Count:N0} alerts escalated to tier 2; after tier 1's deadline by p50 {Percentile(late, 0.50):F2} s, p99 {Percentile(late, 0.99):F2} s, max {(late.Length == 0 ? double.NaN : late[^1]):F2} s" : "not measured (--ack-timeout)")}
            peak memory:      {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024):N0} MiB (this process: drain, worker, sidecar)
            lost:             {lost} (target 0)
            not notified:     {unnotified} alerts (target 0)
            duplicated:       {duplicated} (target 0)
            """);
        if (footprint is not null)
        {
            output.WriteLine(await FootprintAsync(storage, TaskHub(run), footprint, store.RecordedChanges.Count, started));
        }

        bool aborted = stop.IsCancellationRequested; // read before stopping the host, which signals it too
        stopping = true;
        await host.StopAsync();
        await sidecar.StopAsync(TimeSpan.FromSeconds(5));
        sidecar.Dispose();
        if (aborted)
        {
            output.WriteLine("stopped before the end: the counts above are partial");
            return 130;
        }

        return lost == 0 && unnotified == 0 && duplicated == 0 && (!escalating || late.Length == timing.Notified.Count) ? 0 : 3;
    }

    private static string TaskHub(string run) => "Load" + run;

    /// <summary>
    /// <c>durable footprint:</c> what the Azure Storage provider kept and asked for, per change recorded
    /// (and per orchestration): history rows and bytes (UTF-8 strings, binary, 8 bytes for other values),
    /// large-message blob bytes, and the storage requests it sent, by service.
    /// </summary>
    private static async Task<string> FootprintAsync(string storage, string hub, StorageRequestCounter requests, int changes, int orchestrations)
    {
        (long Tables, long Queues, long Blobs) sent = (requests.Tables, requests.Queues, requests.Blobs); // before our own reads below
        long rows = 0, bytes = 0;
        var history = new Azure.Data.Tables.TableServiceClient(storage).GetTableClient(hub + "History");
        await foreach (Azure.Data.Tables.TableEntity row in history.QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            rows++;
            foreach (KeyValuePair<string, object> property in row)
            {
                bytes += property.Value switch
                {
                    string text => System.Text.Encoding.UTF8.GetByteCount(text),
                    byte[] binary => binary.Length,
                    BinaryData data => data.ToMemory().Length,
                    _ => 8,
                };
            }
        }

        long blobBytes = 0;
        var container = new Azure.Storage.Blobs.BlobServiceClient(storage).GetBlobContainerClient(hub.ToLowerInvariant() + "-largemessages");
        if (await container.ExistsAsync())
        {
            await foreach (Azure.Storage.Blobs.Models.BlobItem blob in container.GetBlobsAsync())
            {
                blobBytes += blob.Properties.ContentLength ?? 0;
            }
        }

        double per = Math.Max(1, changes);
        return string.Create(CultureInfo.InvariantCulture,
            $"durable footprint: per change {rows / per:F1} history rows, {bytes / per:N0} history bytes, {blobBytes / per:N0} large-message blob bytes; storage requests per change: tables {sent.Tables / per:F1}, queues {sent.Queues / per:F1}, blobs {sent.Blobs / per:F1} ({sent.Tables + sent.Queues + sent.Blobs:N0} requests, {changes:N0} changes, {orchestrations:N0} orchestrations, {rows:N0} history rows, {bytes / Math.Max(1, orchestrations):N0} history bytes per orchestration)");
    }

    /// <summary>A line every 30 s: started, recorded, notified, and the rates since the previous line.</summary>
    private static async Task ReportProgressAsync(TextWriter output, Stopwatch clock, Func<int> started, StoreProbe store, StorageRequestCounter requests, TimingChannel timing, CancellationToken cancellationToken)
    {
        (double At, int Recorded, int Notified) previous = (0, 0, 0);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(30));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                (double At, int Recorded, int Notified) now = (clock.Elapsed.TotalSeconds, store.RecordedChanges.Count, timing.Notified.Count);
                double span = now.At - previous.At;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[{now.At,6:F0} s] started {started(),7:N0}  recorded {now.Recorded,7:N0} ({(now.Recorded - previous.Recorded) / span,5:F1}/s)  notified {now.Notified,7:N0} ({(now.Notified - previous.Notified) / span,5:F1}/s)  table requests {requests.Tables,9:N0}  working set {Environment.WorkingSet / (1024 * 1024):N0} MiB"));
                previous = now;
            }
        }
        catch (OperationCanceledException)
        {
            // the run is over
        }
    }

    /// <summary>Realistic events, timestamped at enqueue so eventTime → start is the pipeline's latency.</summary>
    /// <remarks>With a rate, batch b is sent at b × 10 / rate seconds: a steady stream the drain reads while it arrives.</remarks>
    private static async Task<int> EnqueueAsync(IAmazonSQS sqs, string queueUrl, int count, int rate, CancellationToken cancellationToken)
    {
        int batches = (count + 9) / 10, calls = 0;
        var pace = Stopwatch.StartNew();
        try
        {
            await SendAllAsync();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopped by the user: report what was sent
        }

        return calls;

        Task SendAllAsync() => Parallel.ForAsync(0, batches, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (b, ct) =>
        {
            if (rate > 0 && TimeSpan.FromSeconds(b * 10.0 / rate) - pace.Elapsed is { Ticks: > 0 } due)
            {
                await Task.Delay(due, ct);
            }

            int n = Math.Min(10, count - (b * 10));
            var entries = TrailGenerator.Records(n, seed: b + 1, eventTime: DateTime.UtcNow)
                .Select((record, i) => new SendMessageBatchRequestEntry(i.ToString(CultureInfo.InvariantCulture), Envelope(record)))
                .ToList();
            SendMessageBatchResponse response = await sqs.SendMessageBatchAsync(new SendMessageBatchRequest(queueUrl, entries), ct);
            if (response.Failed is { Count: > 0 } failed)
            {
                throw new InvalidOperationException($"send failed: {failed[0].Message}");
            }

            Interlocked.Increment(ref calls);
        });
    }

    /// <summary>One event at a time, each after <paramref name="quiet"/> with nothing sent: every one finds the pipeline idle.</summary>
    private static async Task<int> EnqueueAfterQuietAsync(IAmazonSQS sqs, string queueUrl, int count, TimeSpan quiet, CancellationToken cancellationToken)
    {
        int calls = 0;
        try
        {
            for (int i = 0; i < count; i++)
            {
                await Task.Delay(quiet, cancellationToken);
                string record = TrailGenerator.Records(1, seed: i + 1, eventTime: DateTime.UtcNow).Single();
                await sqs.SendMessageAsync(new SendMessageRequest(queueUrl, Envelope(record)), cancellationToken);
                calls++;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopped by the user: report what was sent
        }

        return calls;
    }

    private static string Envelope(string record) =>
        $$"""{"version":"0","id":"{{Guid.NewGuid()}}","detail-type":"AWS API Call via CloudTrail","source":"aws.ecs","account":"111122223333","time":"2026-11-27T00:00:00Z","region":"eu-west-1","resources":[],"detail":{{record}}}""";

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
