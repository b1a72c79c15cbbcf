using System.CommandLine;
using EcsRtma.LocalHost;
using EcsRtma.LocalHost.Terminal;
using Microsoft.Extensions.Configuration;

namespace EcsRtma.Cli;

/// <summary>
/// <c>ecs-rtma</c>, the operator's tools, on System.CommandLine: every command, its options and its
/// <c>--help</c>; run by <see cref="CommandLineRunner"/> (exit codes 0 done, 1 failed, 2 usage error,
/// 130 interrupted). The load harness is its own executable under bench/.
/// </summary>
public static class CliApp
{
    /// <param name="configuration">Settings for <c>preview</c> (tests); by default appsettings.local.json and ECSRTMA_ variables.</param>
    public static async Task<int> RunAsync(string[] args, CliIo io, IConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(io);
        await using var output = new StreamWriter(io.Output, leaveOpen: true) { AutoFlush = true };
        return await CommandLineRunner.RunAsync("ecs-rtma", Build(io, output, configuration), args, io, output);
    }

    private static RootCommand Build(CliIo io, TextWriter output, IConfiguration? configuration)
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
        var ecsOnly = new Option<bool>("--ecs-only") { Description = "Skip records of other services (an organisation trail): only ECS records are classified and written; how many were skipped goes to standard error." };
        var classify = new Command("classify", "Classify CloudTrail records offline: one verdict per record.");
        classify.Options.Add(policy);
        classify.Options.Add(format);
        classify.Options.Add(ecsOnly);
        classify.Arguments.Add(classifyInputs);
        classify.SetAction((r, _) => ClassifyCommand.RunAsync(r.GetValue(classifyInputs) ?? [], r.GetValue(policy), r.GetValue(format)!, r.GetValue(ecsOnly), io.Input, io.Output, io.Error, CommandLineRunner.Progress(io, "classified", "records")));
        CommandLineRunner.RefuseUnknownOptions(classify, classifyInputs);
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
        replay.SetAction((r, _) => ReplayCommand.RunAsync(r.GetValue(paths) ?? [], r.GetValue(policy), r.GetValue(send), r.GetValue(queueUrl), r.GetValue(serviceUrl), r.GetValue(region), output, io.Error, CommandLineRunner.Progress(io, "read", "records")));
        CommandLineRunner.RefuseUnknownOptions(replay, paths);
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
        CommandLineRunner.RefuseUnknownOptions(preview, previewInputs);
        root.Subcommands.Add(preview);

        // rules
        var rulePaths = new Option<string[]>("--rules") { Description = "A Sigma rule file, or a folder searched recursively for .yml/.yaml rules; repeatable. The shipped baseline is always included.", HelpName = "PATH", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
        var rules = new Command("rules", "The Sigma detection rules (issue 23: read and tested here; not yet run by classify or the pipeline).");
        var list = new Command("list", "List the rules: id, level, title, where each came from.");
        list.Options.Add(rulePaths);
        list.SetAction((r, _) => RulesCommand.ListAsync(r.GetValue(rulePaths) ?? [], output, io.Error));
        var test = new Command("test", "Hold each rule to its cases (<rule>.cases.json beside it): records that must match and records that must not.");
        test.Options.Add(rulePaths);
        test.SetAction((r, _) => RulesCommand.TestAsync(r.GetValue(rulePaths) ?? [], output, io.Error));
        rules.Subcommands.Add(list);
        rules.Subcommands.Add(test);
        root.Subcommands.Add(rules);
        return root;
    }
}
