using System.Text;
using EcsRtma.Load;
using EcsRtma.LocalHost;
using EcsRtma.LocalHost.Terminal;

namespace EcsRtma.Cli.Tests;

/// <summary>
/// One way to run a command line, for both executables (<c>ecs-rtma</c> and the load harness <c>ecs-rtma-load</c>):
/// help for every command, usage errors as exit 2, a missing emulator as one clear line (exit 1).
/// </summary>
public sealed class CliAppTests
{
    [Theory]
    [InlineData("classify", "classify [<FILE>...] [options]")]
    [InlineData("replay", "replay <PATH>... [options]")]
    [InlineData("preview", "--channel <email|pagerduty|servicenow|slack|sms|teams|twilio|webhook|zendesk> (REQUIRED)")]
    [InlineData("run", "run [options]")]
    [InlineData("ecs-rtma-load", "--durable <azurite|memory>")]
    public async Task Help_EveryCommand_PrintsItsUsageAndDoesNothingElse(string command, string expected)
    {
        (int code, string output, string errors) = await RunAsync(command, "--help");

        Assert.Equal(0, code);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, errors);
    }

    [Theory]
    [InlineData("classify --format xml", "ecs-rtma classify: Argument 'xml' not recognized")]
    [InlineData("classify --ecs-onl trail.json", "ecs-rtma classify: unknown option '--ecs-onl' (did you mean --ecs-only?); a file whose name starts with '-' can be given as ./--ecs-onl")]
    [InlineData("replay --sen logs/", "ecs-rtma replay: unknown option '--sen' (did you mean --send?)")]
    [InlineData("preview --channel teams -x", "ecs-rtma preview: unknown option '-x';")]
    [InlineData("replay", "ecs-rtma replay: Required argument 'PATH' missing")]
    [InlineData("replay --send logs/", "ecs-rtma replay: --send needs --queue-url")]
    [InlineData("ecs-rtma-load --count 0", "ecs-rtma-load: --count must be a whole number from 1")]
    [InlineData("ecs-rtma-load --durable cosmos", "ecs-rtma-load: Argument 'cosmos' not recognized")]
    [InlineData("ecs-rtma-load load", "ecs-rtma-load: Unrecognized command or argument 'load'")]
    [InlineData("ecs-rtma-load --idle 30 --rate 10", "ecs-rtma-load: --idle and --rate cannot be combined")]
    [InlineData("ecs-rtma-load --max-queue-polling 0", "ecs-rtma-load: --max-queue-polling must be above 0 and at most 300 seconds")]
    [InlineData("ecs-rtma-load --max-queue-polling NaN", "ecs-rtma-load: --max-queue-polling must be above 0 and at most 300 seconds")]
    [InlineData("ecs-rtma-load --ack-timeout -1", "ecs-rtma-load: --ack-timeout must be from 0 to 3600 seconds")]
    [InlineData("ecs-rtma-load --channel-latency -1", "ecs-rtma-load: --channel-latency must be from 0 to 60000 milliseconds")]
    [InlineData("ecs-rtma-load --extended-sessions maybe", "ecs-rtma-load: Unrecognized command or argument 'maybe'")]
    [InlineData("ecs-rtma-load --extended-sessions false --idle 30 --rate 10", "ecs-rtma-load: --idle and --rate cannot be combined")] // 'false' is the option's value
    [InlineData("frobnicate", "ecs-rtma: Unrecognized command or argument 'frobnicate'")]
    [InlineData("", "ecs-rtma: Required command was not provided")]
    public async Task BadArguments_AreUsageErrors_NamingTheProblem(string line, string expected)
    {
        (int code, string output, string errors) = await RunAsync(line.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(CommandLineRunner.Usage, code);
        Assert.Contains(expected, errors, StringComparison.Ordinal);
        Assert.Contains("--help' for usage", errors, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public async Task Load_EmulatorsNotRunning_SaysWhatIsMissing_WithoutAStackTrace()
    {
        using var output = new MemoryStream();
        using var errors = new StringWriter();
        int code = await LoadApp.RunAsync(["--count", "1"], new CliIo(Stream.Null, output, errors), new Dictionary<string, string?>
        {
            ["Sqs:ServiceUrl"] = "http://127.0.0.1:9/",
            ["Tables:ConnectionString"] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;",
        });

        Assert.Equal(CommandLineRunner.Failed, code);
        Assert.Contains("ecs-rtma-load: cannot reach", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("scripts/emulators.sh start dev", errors.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedSettingsFile_IsOneLineNamingIt_WithoutAStackTrace()
    {
        // What `ecs-rtma run` and `ecs-rtma-load` print for a host.json with a bad value (DurableHubSettings).
        var root = new System.CommandLine.RootCommand("test");
        root.SetAction(_ =>
        {
            DurableHubSettings.Parse("""{"extensions":{"durableTask":{"extendedSessionsEnabled":"yes"}}}""", "/app/host.json");
            return 0;
        });
        using var errors = new StringWriter();

        int code = await CommandLineRunner.RunAsync("ecs-rtma run", root, [], new CliIo(Stream.Null, Stream.Null, errors), TextWriter.Null);

        Assert.Equal(CommandLineRunner.Failed, code);
        Assert.Equal("ecs-rtma run: /app/host.json: extensions.durableTask.extendedSessionsEnabled must be true or false, found \"yes\"" + Environment.NewLine, errors.ToString());
    }

    private static async Task<(int Code, string Output, string Errors)> RunAsync(params string[] args)
    {
        using var output = new MemoryStream();
        using var errors = new StringWriter();
        var io = new CliIo(Stream.Null, output, errors);
        int code = args is ["ecs-rtma-load", .. string[] rest] ? await LoadApp.RunAsync(rest, io) : await CliApp.RunAsync(args, io);
        return (code, Encoding.UTF8.GetString(output.ToArray()), errors.ToString());
    }
}
