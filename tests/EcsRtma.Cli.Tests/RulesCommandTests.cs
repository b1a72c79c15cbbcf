using System.Text;
using EcsRtma.LocalHost.Terminal;

namespace EcsRtma.Cli.Tests;

/// <summary><c>ecs-rtma rules list|test</c>: the shipped baseline and a user's rules, listed and held to their cases; broken rules one clear line.</summary>
public sealed class RulesCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecsrtma-rules-").FullName;

    [Fact]
    public async Task List_ShowsTheBaselineAndTheUsersRules_SkipsOtherLogSourcesWithOneWarning()
    {
        Write("mine/exec.yml", Rule("My ExecuteCommand watcher", "eventName: ExecuteCommand"));
        Write("mine/windows.yml", "title: Not for us\nlogsource: {product: windows}\ndetection: {s: {a: b}, condition: s}\n");

        (int code, string output, string errors) = await RunAsync("rules", "list", "--rules", Path.Combine(_dir, "mine"));

        Assert.Equal(0, code);
        Assert.Contains("ECS task mounts the container runtime's socket", output, StringComparison.Ordinal);
        Assert.Contains("My ExecuteCommand watcher", output, StringComparison.Ordinal);
        Assert.Contains("8 rule(s)", output, StringComparison.Ordinal);
        Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("skipped 'Not for us'", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_PassingAndFailingCases_ExitCodeSaysWhich()
    {
        Write("exec.yml", Rule("My ExecuteCommand watcher", "eventName: ExecuteCommand"));
        Write("exec.cases.json", """{"match":[{"case":"exec","record":{"eventName":"ExecuteCommand"}}],"nomatch":[{"case":"other","record":{"eventName":"RunTask"}}]}""");
        (int ok, string passed, _) = await RunAsync("rules", "test", "--rules", Path.Combine(_dir, "exec.yml"));
        Assert.Equal((0, true), (ok, passed.Contains("8 rule(s): 8 passed, 0 failed, 0 without cases", StringComparison.Ordinal)));

        Write("exec.cases.json", """{"match":[{"case":"wrong","record":{"eventName":"RunTask"}}],"nomatch":[{"case":"other","record":{"eventName":"RunTask"}}]}""");
        (int failed, string output, _) = await RunAsync("rules", "test", "--rules", Path.Combine(_dir, "exec.yml"));
        Assert.Equal(CommandLineRunner.Failed, failed);
        Assert.Contains("FAILED    My ExecuteCommand watcher", output, StringComparison.Ordinal);
        Assert.Contains("match[0] 'wrong': did not match", output, StringComparison.Ordinal);

        File.Delete(Path.Combine(_dir, "exec.cases.json"));
        (int untested, string said, _) = await RunAsync("rules", "test", "--rules", Path.Combine(_dir, "exec.yml"));
        Assert.Equal((0, true), (untested, said.Contains("untested  My ExecuteCommand watcher", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task BrokenRule_IsOneLineNamingFileRuleAndField_Exit1()
    {
        Write("broken.yml", "title: Broken\nlogsource: {product: aws, service: cloudtrail}\ndetection: {sel: {eventName: X}, condition: sel and missing}\n");

        (int code, string output, string errors) = await RunAsync("rules", "test", "--rules", _dir);

        Assert.Equal(CommandLineRunner.Failed, code);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith($"ecs-rtma rules: {Path.Combine(_dir, "broken.yml")}: rule 'Broken': detection.condition: the condition names 'missing'", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
        Assert.Contains("no such file or folder", (await RunAsync("rules", "list", "--rules", Path.Combine(_dir, "nowhere"))).Errors, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Rule(string title, string selection) =>
        $"title: {title}\nid: {Guid.NewGuid()}\nlevel: medium\nlogsource:\n    product: aws\n    service: cloudtrail\ndetection:\n    selection:\n        {selection}\n    condition: selection\n";

    private void Write(string relative, string text)
    {
        string path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static async Task<(int Code, string Output, string Errors)> RunAsync(params string[] args)
    {
        using var output = new MemoryStream();
        using var errors = new StringWriter();
        int code = await CliApp.RunAsync(args, new CliIo(Stream.Null, output, errors));
        return (code, Encoding.UTF8.GetString(output.ToArray()), errors.ToString());
    }
}
