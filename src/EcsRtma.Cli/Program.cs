using EcsRtma.Cli;
using EcsRtma.Cli.LocalHost;

return args.FirstOrDefault() switch
{
    "run" => await LocalRunCommand.RunAsync(args[1..]),
    "load" => await EcsRtma.Cli.Load.LoadCommand.RunAsync(args[1..], Console.Out),
    "replay" => await ReplayCommand.RunAsync(args[1..], Console.Out, Console.Error),
    "classify" => await ClassifyCommand.RunAsync(args[1..], Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.Error),
    "preview" => await PreviewCommand.RunAsync(args[1..], Console.OpenStandardInput(), Console.Out, Console.Error),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        ecs-rtma: real-time monitoring of Amazon ECS configuration changes

          ecs-rtma run [--seed DIR]          run the pipeline locally on Azurite + the SQS emulator
                                             (settings: appsettings.local.json, env ECSRTMA_Section__Key)
          ecs-rtma classify [FILE...|-]      classify CloudTrail records (EventBridge envelope, bare record,
                                             {"Records":[...]} log file or JSON Lines); one JSON verdict per record
          ecs-rtma replay [--policy F] [--send --queue-url URL [--sqs-service-url URL] [--region R]] PATH...
                                             CloudTrail logs as exported to S3: report what would have alerted,
                                             or feed ECS records into the queue (same dedupe: replaying twice changes nothing)
          ecs-rtma preview --channel NAME [--policy F] [--to ADDRESS] [FILE...|-]
                                             the exact request(s) a channel would send for each event (secrets
                                             redacted); nothing is sent. NAME: webhook teams slack pagerduty email
                                             sms twilio zendesk servicenow
          ecs-rtma load [--count N] [--receivers R] [--partitions P]   load harness on the dev emulators (scripts/emulators.sh start dev)
        """);
    return 2;
}
