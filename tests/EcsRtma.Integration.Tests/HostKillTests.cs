using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Amazon.SQS;
using Amazon.SQS.Model;
using Azure.Data.Tables;
using EcsRtma.Core.Alerts;
using EcsRtma.Infrastructure;
using EcsRtma.Infrastructure.Aws;
using EcsRtma.Infrastructure.Tables;
using EcsRtma.Testing;
using EcsRtma.Workflow;

namespace EcsRtma.Integration.Tests;

/// <summary>
/// The local host (`ecs-rtma run`: drain, Durable Task on Azurite, webhook) killed with SIGKILL in
/// the middle of a batch, then started again: every change ends recorded once, with exactly one
/// alert, and every alert notified (a delivery interrupted by the kill may be repeated, with the
/// same webhook-id, so a receiver dedupes it).
/// </summary>
[Collection("fault")]
public sealed class HostKillTests(FaultEmulators emulators, Xunit.Abstractions.ITestOutputHelper log)
{
    private const int Changes = 20;

    /// <summary>Notifications the receiver answers before it holds the rest.</summary>
    private const int HeldAfter = 3;

    [Fact]
    public async Task HostKilledMidBatch_AndRestarted_NothingLostNothingDoubled()
    {
        string suffix = Guid.NewGuid().ToString("N")[..8];
        await using WebhookReceiver webhook = await WebhookReceiver.StartAsync();
        webhook.HoldAfter = HeldAfter;
        var env = new Dictionary<string, string>
        {
            ["ECSRTMA_Local__HttpPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ECSRTMA_Local__QueueName"] = "kill-" + suffix,
            ["ECSRTMA_Local__TaskHubName"] = "Kill" + suffix,
            ["ECSRTMA_Sqs__ServiceUrl"] = emulators.Sqs.ToString(),
            ["ECSRTMA_Sqs__QueueUrl"] = new Uri(emulators.Sqs, $"/000000000000/kill-{suffix}").ToString(),
            ["ECSRTMA_Tables__ConnectionString"] = emulators.Storage,
            ["ECSRTMA_Tables__TablePrefix"] = "K" + suffix,
            ["ECSRTMA_Channels__Webhook__Url"] = webhook.Url.ToString(),
            ["ECSRTMA_Channels__Webhook__Secret"] = Pipeline.WebhookSecret,
            ["ECSRTMA_Ack__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["ECSRTMA_Escalation__GroupingWindow"] = "00:00:00",
            // Nobody acknowledges here, and the restart waits out the provider's visibility timeout
            // (host.json, 2 min): tier 1's timeout must outlast the test, or tier 2 joins the count.
            ["ECSRTMA_Escalation__Tiers__0__AckTimeout"] = "01:00:00",
            ["ECSRTMA_Escalation__Tiers__1__AckTimeout"] = "01:00:00",
            ["ECSRTMA_Drain__MaxRunDuration"] = "00:00:05",
            ["ECSRTMA_Drain__ReceiveWait"] = "00:00:02",
        };

        using Process first = StartHost(env);
        try
        {
            var clock = Stopwatch.StartNew();
            await WaitAsync(() => Task.FromResult(first.HasExited || Output(first).Contains(" ready ", StringComparison.Ordinal)), TimeSpan.FromSeconds(90), () => "first host ready: " + Output(first));
            log.WriteLine($"first host ready after {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.False(first.HasExited, "the host stopped: " + Output(first));

            using IAmazonSQS sqs = InfrastructureRegistration.CreateSqsClient(new SqsOptions { ServiceUrl = emulators.Sqs, QueueUrl = new Uri(env["ECSRTMA_Sqs__QueueUrl"]), Region = "us-east-1", AccessKeyId = "test", SecretAccessKey = "test" });
            string[] ids = [.. Enumerable.Range(0, Changes).Select(_ => Guid.NewGuid().ToString())];
            foreach (string[] chunk in ids.Chunk(10))
            {
                await sqs.SendMessageBatchAsync(new SendMessageBatchRequest(env["ECSRTMA_Sqs__QueueUrl"], [.. chunk.Select((id, i) => new SendMessageBatchRequestEntry($"m{i}", Some.EventBridgeMessage(id, "DeleteService")))]));
            }

            // The receiver answers 3 notifications and holds the rest: the host is mid-batch by construction
            // (alerts recorded and started, deliveries in flight, messages maybe not yet deleted) when it is killed.
            await WaitAsync(() => Task.FromResult(Notified(webhook) >= HeldAfter && webhook.Held > 0), TimeSpan.FromSeconds(120), () => $"{Notified(webhook)} notified, {webhook.Held} held before the kill; host: " + Output(first));
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
            int beforeRestart = Notified(webhook);

            // The held requests end with the killed process (their connections close); only then are later ones answered,
            // so nothing the dead host sent is counted as received.
            await WaitAsync(() => Task.FromResult(webhook.Held == 0), TimeSpan.FromSeconds(30), () => $"{webhook.Held} requests still held after the kill");
            webhook.Release();
            log.WriteLine($"killed after {clock.Elapsed.TotalSeconds:0.0} s with {beforeRestart} of {Changes} notified");

            using Process second = StartHost(env);
            try
            {
                await WaitAsync(() => Task.FromResult(Notified(webhook) == Changes), TimeSpan.FromSeconds(240), () => $"{Notified(webhook)} of {Changes} notified after the restart; host: " + Output(second));
                log.WriteLine($"all {Changes} notified after {clock.Elapsed.TotalSeconds:0.0} s");

                var store = new TableAlertStore(new TableServiceClient(emulators.Storage), "K" + suffix);
                foreach (string id in ids)
                {
                    AlertRecord alert = (await store.GetAlertAsync(InstanceIds.ForEvent(id)))!;
                    Assert.NotNull(alert);
                    Assert.Single(await store.GetAlertChangesAsync(alert.AlertId));
                }

                Listing<ChangeSummary> recorded = await store.QueryChangesAsync(new ChangeQuery { From = DateTimeOffset.Parse("2026-11-27T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), To = DateTimeOffset.Parse("2026-11-28T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), Limit = 200 });
                Assert.Equal(Changes, recorded.Items.Count);
                Assert.Equal(Changes, recorded.Items.Select(c => c.EventId).Distinct().Count());
                Assert.Equal(HeldAfter, beforeRestart); // by construction: the kill landed mid-batch
                int raw = webhook.Accepted.Count(r => r.Body.Contains("ecs.config_change.alert", StringComparison.Ordinal));
                Assert.InRange(raw, Changes, Changes + 3); // at most the deliveries in flight at the kill repeat, same webhook-id
            }
            finally
            {
                Stop(second);
            }
        }
        finally
        {
            Stop(first);
        }
    }

    private static int Notified(WebhookReceiver webhook) =>
        webhook.Accepted.Where(r => r.Body.Contains("ecs.config_change.alert", StringComparison.Ordinal)).Select(r => r.Headers["webhook-id"]).Distinct().Count();

    private static Process StartHost(Dictionary<string, string> env)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ecs-rtma.dll"));
        psi.ArgumentList.Add("run");
        foreach ((string key, string value) in env)
        {
            psi.Environment[key] = value;
        }

        var process = new Process { StartInfo = psi };
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        Outputs.AddOrUpdate(process, output);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Process, System.Text.StringBuilder> Outputs = [];

    private static string Output(Process process)
    {
        System.Text.StringBuilder output = Outputs.TryGetValue(process, out var o) ? o : new();
        lock (output)
        {
            return output.ToString();
        }
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan patience, Func<string> explain)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > patience)
            {
                string detail = explain();
                throw new Xunit.Sdk.XunitException($"not reached within {patience.TotalSeconds:0} s: {(detail.Length > 6000 ? detail[^6000..] : detail)}");
            }

            await Task.Delay(200);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
