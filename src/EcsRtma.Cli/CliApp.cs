using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net.Sockets;
using EcsRtma.Cli.Load;
using EcsRtma.Cli.LocalHost;
using Microsoft.Extensions.Configuration;

namespace EcsRtma.Cli;

/// <summary>Where a command reads and writes: the process's own streams, or a test's.</summary>
public sealed record CliIo(Stream Input, Stream Output, TextWriter Error, bool ErrorIsTerminal = false)
{
    public static CliIo Standard() => new(Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.Error, !Console.IsErrorRedirected);
}

/// <summary>
/// <c>ecs-rtma</c>'s one argument parser (System.CommandLine): every command, its options and its
/// <c>--help</c>. Exit codes: 0 done; 1 failed (I/O, an emulator or service not reachable — said in
/// one line, never a stack trace); 2 usage error; 3 the load harness lost or duplicated events;
/// 130 interrupted.
/// </summary>
public static class CliApp
{
    public const int Failed = 1;
    public const int Usage = 2;

    /// <param name="configuration">Settings for <c>preview</c> (tests); by default appsettings.local.json and ECSRTMA_ variables.</param>
    /// <param name="loadSettings">Settings applied last by <c>load</c> (tests point it at their emulators).</param>
    public static async Task<int> RunAsync(string[] args, CliIo io, IConfiguration? configuration = null, IReadOnlyDictionary<string, string?>? loadSettings = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(io);
        await using var output = new StreamWriter(io.Output, leaveOpen: true) { AutoFlush = true };
        RootCommand root = Build(io, output, configuration, loadSettings);
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is not System.CommandLine.Help.HelpAction)
        {
            string command = parsed.CommandResult.Command is RootCommand ? string.Empty : " " + parsed.CommandResult.Command.Name;
            foreach (ParseError error in parsed.Errors)
            {
                await io.Error.WriteLineAsync($"ecs-rtma{command}: {error.Message}");
            }

            await io.Error.WriteLineAsync($"Run 'ecs-rtma{command} --help' for usage.");
            return Usage;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = io.Error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (Unreachable(ex) is { } what)
        {
            await io.Error.WriteLineAsync($"ecs-rtma {parsed.CommandResult.Command.Name}: cannot reach {what}. Start the local emulators with 'scripts/emulators.sh start dev' (or check the settings).");
            return Failed;
        }
        catch (Exception ex) when (ex is not OperationCanceledException && Environment.GetEnvironmentVariable("ECSRTMA_DEBUG") is null)
        {
            await io.Error.WriteLineAsync($"ecs-rtma {parsed.CommandResult.Command.Name}: {ex.GetType().Name}: {ex.Message} (set ECSRTMA_DEBUG=1 for the stack trace)");
            return Failed;
        }
    }

    private static RootCommand Build(CliIo io, TextWriter output, IConfiguration? configuration, IReadOnlyDictionary<string, string?>? loadSettings)
    {
        var root = new RootCommand("ecs-rtma: real-time monitoring of Amazon ECS configuration changes");

        // run
        var seed = new Option<string?>("--seed") { Description = "Send the events in this folder to the queue after start (samples/events).", HelpName = "DIR" };
        var run = new Command("run", "Run the pipeline locally on Azurite and the SQS emulator (settings: appsettings.local.json, ECSRTMA_Section__Key).");
        run.Options.Add(seed);
        run.SetAction((r, _) => LocalRunCommand.RunAsync(r.GetValue(seed)));
        root.Subcommands.Add(run);

        // classify
        var policy = new Option<string?>("--policy") { Description = "Detection policy file (YAML or JSON): privileged principals, overrides, suppressions.", HelpName = "FILE" };
        var format = new Option<string>("--format") { Description = "json: one object per record; table: one line per record.", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "table");
        var classifyInputs = new Argument<string[]>("FILE") { Description = "EventBridge envelopes, bare records, CloudTrail log files (.json, .json.gz) or JSON Lines; - for standard input (the default).", Arity = ArgumentArity.ZeroOrMore };
        var classify = new Command("classify", "Classify CloudTrail records offline: one verdict per record.");
        classify.Options.Add(policy);
        classify.Options.Add(format);
        classify.Arguments.Add(classifyInputs);
        classify.SetAction((r, _) => ClassifyCommand.RunAsync(r.GetValue(classifyInputs) ?? [], r.GetValue(policy), r.GetValue(format)!, io.Input, io.Output, io.Error, Progress(io, "classified", "records")));
        root.Subcommands.Add(classify);

        // replay
        var send = new Option<bool>("--send") { Description = "Feed every ECS record into the queue, as the EventBridge rule would (needs --queue-url)." };
        var queueUrl = new Option<string?>("--queue-url") { Description = "The SQS queue to feed.", HelpName = "URL" };
        var serviceUrl = new Option<string?>("--sqs-service-url") { Description = "SQS endpoint (an emulator); default: AWS.", HelpName = "URL" };
        var region = new Option<string?>("--region") { Description = "AWS region of the queue; default: AWS_REGION or us-east-1." };
        var paths = new Argument<string[]>("PATH") { Description = "CloudTrail log files or folders as exported to S3.", Arity = ArgumentArity.OneOrMore };
        var replay = new Command("replay", "Backfill: report what CloudTrail logs would have alerted, or feed them into the queue (replaying twice changes nothing).");
        replay.Options.Add(policy);
        replay.Options.Add(send);
        replay.Options.Add(queueUrl);
        replay.Options.Add(serviceUrl);
        replay.Options.Add(region);
        replay.Arguments.Add(paths);
        replay.Validators.Add(r =>
        {
            if (r.GetValue(send) && string.IsNullOrEmpty(r.GetValue(queueUrl)))
            {
                r.AddError("--send needs --queue-url");
            }
        });
        replay.SetAction((r, _) => ReplayCommand.RunAsync(r.GetValue(paths) ?? [], r.GetValue(policy), r.GetValue(send), r.GetValue(queueUrl), r.GetValue(serviceUrl), r.GetValue(region), output, io.Error, Progress(io, "read", "records")));
        root.Subcommands.Add(replay);

        // preview
        var channel = new Option<string>("--channel") { Description = "The channel to preview.", Required = true };
        channel.AcceptOnlyFromAmong([.. PreviewCommand.Channels]);
        var to = new Option<string?>("--to") { Description = "Recipient for per-person channels (email, sms): an address or +E.164 number.", HelpName = "ADDRESS" };
        var previewInputs = new Argument<string[]>("FILE") { Description = "Events to render; - for standard input (the default).", Arity = ArgumentArity.ZeroOrMore };
        var preview = new Command("preview", "Print the exact request(s) a channel would send for each event, secrets redacted; nothing is sent.");
        preview.Options.Add(channel);
        preview.Options.Add(policy);
        preview.Options.Add(to);
        preview.Arguments.Add(previewInputs);
        preview.SetAction((r, _) => PreviewCommand.RunAsync(r.GetValue(channel), r.GetValue(policy), r.GetValue(to), r.GetValue(previewInputs) ?? [], io.Input, output, io.Error, configuration));
        root.Subcommands.Add(preview);

        // load
        var count = Positive("--count", "Events to send.", 100_000);
        var receivers = Positive("--receivers", "Concurrent SQS receive loops.", 8);
        var partitions = Positive("--partitions", "Durable task hub partitions (--durable azurite).", 1);
        var durable = new Option<string>("--durable") { Description = "Durable state: the in-memory service, or the Azure Storage provider on Azurite.", DefaultValueFactory = _ => "memory" };
        durable.AcceptOnlyFromAmong("memory", "azurite");
        var concurrency = Positive("--concurrency", "In-memory durable work items in flight.", 100);
        var rate = new Option<int>("--rate") { Description = "Events per second while the drain runs (a stream); 0 sends them all first (a backlog).", DefaultValueFactory = _ => 0 };
        rate.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) { r.AddError("--rate must be 0 or more"); } });
        var extended = new Option<bool>("--extended-sessions") { Description = "With --durable azurite: keep orchestration history in memory between episodes (extended sessions)." };
        var load = new Command("load", "Load harness on the dev emulators (scripts/emulators.sh start load): throughput, latency, lost and duplicated.");
        foreach (Option option in new Option[] { count, receivers, partitions, durable, concurrency, rate, extended })
        {
            load.Options.Add(option);
        }

        load.SetAction((r, _) => LoadCommand.RunAsync(new LoadOptions(r.GetValue(count), r.GetValue(receivers), r.GetValue(partitions), r.GetValue(durable)!, r.GetValue(concurrency), r.GetValue(rate)) { ExtendedSessions = r.GetValue(extended) }, output, loadSettings));
        root.Subcommands.Add(load);
        return root;
    }

    private static Option<int> Positive(string name, string description, int fallback)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => fallback };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError($"{name} must be a whole number from 1");
            }
        });
        return option;
    }

    /// <summary>Progress on standard error, only when it is a terminal (never mixed into piped output).</summary>
    private static Progress<long>? Progress(CliIo io, string verb, string unit) =>
        io.ErrorIsTerminal ? new Progress<long>(n => io.Error.WriteLine($"{verb} {n:N0} {unit}…")) : null;

    /// <summary>What could not be reached, when the failure is a missing emulator or service.</summary>
    private static string? Unreachable(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case HttpRequestException http when http.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError:
                    return $"a service ({http.Message})";
                case SocketException socket:
                    return $"a service ({socket.Message})";
                case Azure.RequestFailedException { Status: 0 } azure:
                    return $"Azure Storage ({azure.Message.Split('\n')[0]})";
                case Amazon.Runtime.AmazonServiceException aws when aws.InnerException is HttpRequestException or SocketException:
                    return $"SQS ({aws.Message})";
            }
        }

        return null;
    }
}
