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
        var extended = new Option<bool>("--extended-sessions") { Description = "With --durable azurite: keep orchestration history in memory between episodes (extended sessions)." };
        var root = new RootCommand("ecs-rtma-load: the load harness on the dev emulators (scripts/emulators.sh start load): throughput, latency, durable footprint, lost and duplicated.");
        foreach (Option option in new Option[] { count, receivers, partitions, durable, concurrency, rate, extended })
        {
            root.Options.Add(option);
        }

        root.SetAction((r, _) => LoadCommand.RunAsync(new LoadOptions(r.GetValue(count), r.GetValue(receivers), r.GetValue(partitions), r.GetValue(durable)!, r.GetValue(concurrency), r.GetValue(rate)) { ExtendedSessions = r.GetValue(extended) }, output, settings));
        return await CommandLineRunner.RunAsync("ecs-rtma-load", root, args ?? [], io, output);
    }
}
