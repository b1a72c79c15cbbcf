using System.CommandLine;
using EcsRtma.LocalHost.Terminal;

namespace EcsRtma.Load;

/// <summary>
/// <c>ecs-rtma-load</c>'s command line (System.CommandLine, run by <see cref="CommandLineRunner"/> like
/// <c>ecs-rtma</c>). Exit codes: 0 every event recorded once and every alert notified once; 1 failed
/// (an emulator not reachable, said in one line); 2 usage error; 3 events lost or duplicated; 130 interrupted.
/// </summary>
public static class LoadApp
{
    /// <param name="settings">Configuration applied last (tests point the harness at their emulators).</param>
    public static async Task<int> RunAsync(string[] args, CliIo io, IReadOnlyDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(io);
        await using var output = new StreamWriter(io.Output, leaveOpen: true) { AutoFlush = true };
        var count = CommandLineRunner.Positive("--count", "Events to send.", 100_000);
        var receivers = CommandLineRunner.Positive("--receivers", "Concurrent SQS receive loops.", 8);
        var partitions = CommandLineRunner.Positive("--partitions", "Durable task hub partitions (--durable azurite).", 1);
        var durable = new Option<string>("--durable") { Description = "Durable state: the in-memory service, or the Azure Storage provider on Azurite.", DefaultValueFactory = _ => "memory" };
        durable.AcceptOnlyFromAmong("memory", "azurite");
        var concurrency = CommandLineRunner.Positive("--concurrency", "In-memory durable work items in flight.", 100);
        var rate = new Option<int>("--rate") { Description = "Events per second while the drain runs (a stream); 0 sends them all first (a backlog).", DefaultValueFactory = _ => 0 };
        rate.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--rate must be 0 or more");
            }
        });
        var extended = new Option<bool?>("--extended-sessions") { Description = "With --durable azurite: keep orchestration history in memory between episodes (true|false; default: host.json's extendedSessionsEnabled)." };
        var polling = new Option<double?>("--max-queue-polling") { Description = "With --durable azurite: seconds an idle worker waits between polls of a durable queue (default: host.json's maxQueuePollingInterval)." };
        polling.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is { } seconds && seconds is not (> 0 and <= 300))
            {
                r.AddError("--max-queue-polling must be above 0 and at most 300 seconds");
            }
        });
        var idle = new Option<int>("--idle") { Description = "Send one event at a time, each after this many seconds with nothing sent: the pipeline on a quiet app (with --ack-timeout, its escalation clock). Not with --rate.", DefaultValueFactory = _ => 0 };
        idle.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 3600)
            {
                r.AddError("--idle must be from 0 to 3600 seconds");
            }
        });
        var ackTimeout = new Option<int>("--ack-timeout") { Description = "Seconds tier 1 has to acknowledge; nobody does, so every alert escalates to tier 2 and its lateness after the deadline is measured (0: no escalation during the run).", DefaultValueFactory = _ => 0 };
        ackTimeout.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 3600)
            {
                r.AddError("--ack-timeout must be from 0 to 3600 seconds");
            }
        });
        var latency = new Option<int>("--channel-latency") { Description = "Milliseconds each notification takes to send, as a vendor's answer would (default 0: at once).", DefaultValueFactory = _ => 0 };
        latency.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 60_000)
            {
                r.AddError("--channel-latency must be from 0 to 60000 milliseconds");
            }
        });
        var root = new RootCommand("ecs-rtma-load: the load harness on the dev emulators (scripts/emulators.sh start load): throughput, latency, durable footprint, lost and duplicated.");
        foreach (Option option in new Option[] { count, receivers, partitions, durable, concurrency, rate, extended, polling, idle, ackTimeout, latency })
        {
            root.Options.Add(option);
        }

        root.Validators.Add(r =>
        {
            if (r.GetValue(idle) > 0 && r.GetValue(rate) > 0)
            {
                r.AddError("--idle and --rate cannot be combined: --idle sends one event after each quiet period");
            }
        });
        root.SetAction((r, _) => LoadCommand.RunAsync(
            new LoadOptions(r.GetValue(count), r.GetValue(receivers), r.GetValue(partitions), r.GetValue(durable)!, r.GetValue(concurrency), r.GetValue(rate))
            {
                ExtendedSessions = r.GetValue(extended),
                MaxQueuePolling = r.GetValue(polling) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                Idle = TimeSpan.FromSeconds(r.GetValue(idle)),
                AckTimeout = TimeSpan.FromSeconds(r.GetValue(ackTimeout)),
                ChannelLatency = TimeSpan.FromMilliseconds(r.GetValue(latency)),
            },
            output,
            settings));
        return await CommandLineRunner.RunAsync("ecs-rtma-load", root, args ?? [], io, output);
    }
}
