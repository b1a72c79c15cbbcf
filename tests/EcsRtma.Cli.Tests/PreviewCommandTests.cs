using System.Text;
using EcsRtma.LocalHost.Terminal;
using EcsRtma.Testing;
using Microsoft.Extensions.Configuration;

namespace EcsRtma.Cli.Tests;

public sealed class PreviewCommandTests
{
    [Fact]
    public async Task Preview_ConfiguredSlackBot_ShowsTheExactRequest_WithTheTokenRedacted_AndSendsNothing()
    {
        IConfiguration config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Channels:Slack:BotToken"] = "xoxb-real-secret-token",
            ["Channels:Slack:Channel"] = "C0SECURITY",
            ["Ack:BaseUrl"] = "https://ecsrtma.contoso.example",
        }).Build();

        (int code, string output, string errors) = await RunAsync(["--channel", "slack"], Some.EventBridgeMessage("00000000-0000-4000-8000-00000000e001", "DeleteService"), config);

        Assert.Equal(0, code);
        Assert.Empty(errors);
        Assert.Contains("# 00000000-0000-4000-8000-00000000e001 DeleteService: Alert (High)", output, StringComparison.Ordinal);
        Assert.Contains("POST https://slack.com/api/chat.postMessage", output, StringComparison.Ordinal);
        Assert.Contains("Authorization: Bearer ***", output, StringComparison.Ordinal);
        Assert.DoesNotContain("xoxb-real-secret-token", output, StringComparison.Ordinal);
        Assert.Contains("\"channel\": \"C0SECURITY\"", output, StringComparison.Ordinal);
        Assert.Contains("https://ecsrtma.contoso.example/api/ack/ecs-00000000-0000-4000-8000-00000000e001?token=PREVIEW-ACK-TOKEN", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("teams", "POST https://prod-00.westus.logic.azure.com/workflows/0000/triggers/manual/paths/invoke?…", "AdaptiveCard")]
    [InlineData("pagerduty", "POST https://events.pagerduty.com/v2/enqueue", "\"event_action\": \"trigger\"")]
    [InlineData("servicenow", "GET https://contoso.service-now.com/api/now/table/incident?…", "\"correlation_id\": \"ecs-00000000-0000-4000-8000-00000000e002\"")]
    [InlineData("zendesk", "POST https://contoso.zendesk.com/api/v2/tickets.json", "Idempotency-Key: ecs-00000000-0000-4000-8000-00000000e002")]
    [InlineData("twilio", "POST https://api.twilio.com/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages.json", "To=%2B15550100")]
    public async Task Preview_UnconfiguredChannel_UsesPlaceholders_AndSaysSo(string channel, string requestLine, string bodyPart)
    {
        (int code, string output, string errors) = await RunAsync(["--channel", channel], Some.EventBridgeMessage("00000000-0000-4000-8000-00000000e002", "DeleteService"), new ConfigurationBuilder().Build());

        Assert.Equal(0, code);
        Assert.Contains("is not configured; showing the requests with placeholder settings", errors, StringComparison.Ordinal);
        Assert.Contains(requestLine, output, StringComparison.Ordinal);
        Assert.Contains(bodyPart, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_WebhookWithUrlButNoSecret_AsTheLocalSettingsHaveIt_ShowsTheRequest()
    {
        IConfiguration config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Channels:Webhook:Url"] = "http://127.0.0.1:7071/local/webhook-sink",
        }).Build();

        (int code, string output, string errors) = await RunAsync(["--channel", "webhook"], Some.EventBridgeMessage("00000000-0000-4000-8000-00000000e003", "DeleteService"), config);

        Assert.Equal(0, code);
        Assert.Contains("POST http://127.0.0.1:7071/local/webhook-sink", output, StringComparison.Ordinal);
        Assert.Contains("Channels:Webhook:Secret not configured; using a placeholder", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_UnknownChannel_IsAUsageError()
    {
        (int code, _, string errors) = await RunAsync(["--channel", "carrier-pigeon"], "{}", new ConfigurationBuilder().Build());
        Assert.Equal(2, code);
        Assert.Contains("ecs-rtma preview: Argument 'carrier-pigeon' not recognized. Must be one of:", errors, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Errors)> RunAsync(string[] args, string stdin, IConfiguration config)
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(stdin.ReplaceLineEndings(" ")));
        using var output = new MemoryStream();
        using var errors = new StringWriter();
        int code = await CliApp.RunAsync(["preview", .. args], new CliIo(input, output, errors), config);
        return (code, Encoding.UTF8.GetString(output.ToArray()), errors.ToString());
    }
}
