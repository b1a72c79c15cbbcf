using System.Text;
using System.Text.Json.Nodes;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;

namespace EcsRtma.Channels.Tests;

public sealed class TeamsAndSlackTests
{
    private const string WorkflowPath = "/workflows/0a1b2c/triggers/manual/paths/invoke";

    [SkippableFact]
    public async Task Teams_PostsAValidAdaptiveCardEnvelope_WithOurActionsOnly()
    {
        Contract envelope = Contract.Load("teams-webhook-adaptive-card.derived.openapi.yaml");
        Contract cards = Contract.Load("adaptive-card-1.5.schema.json");
        await using VendorStub teams = await VendorStub.StartAsync();
        teams.Default = _ => new Answer(202);
        IAlertChannel channel = Teams(teams);

        AlertNotification n = Alerts.Notification();
        await channel.SendAsync(n, CancellationToken.None);

        CapturedRequest request = Assert.Single(teams.Requests);
        Assert.Equal(("POST", WorkflowPath), (request.Method, request.Path));
        Assert.Contains("sig=secret-sig", request.Query, StringComparison.Ordinal);
        Assert.Empty(envelope.ValidateBody("POST", WorkflowPath, request.Body));
        JsonNode card = JsonNode.Parse(request.Body)!["attachments"]![0]!["content"]!;
        Assert.Empty(cards.Validate("#", card));
        Assert.Equal("1.4", card["version"]!.GetValue<string>());
        Assert.Equal(
            [("Action.OpenUrl", n.AcknowledgeUrl.ToString()), ("Action.OpenUrl", n.ResolveUrl!.ToString()), ("Action.OpenUrl", n.BoardUrl!.ToString())],
            card["actions"]!.AsArray().Select(a => (a!["type"]!.GetValue<string>(), a["url"]!.GetValue<string>())));
        Assert.Contains("DeleteService", request.Body, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Teams_HugeAlert_IsTruncatedUnderTheMessageLimit_AndStillValid()
    {
        Contract cards = Contract.Load("adaptive-card-1.5.schema.json");
        await using VendorStub teams = await VendorStub.StartAsync();
        teams.Default = _ => new Answer(202);
        AlertNotification n = Alerts.Notification();
        n = n with { Verdict = n.Verdict with { Reasons = [.. Enumerable.Range(0, 200).Select(i => $"reason {i} " + new string('x', 2000))] } };

        await Teams(teams).SendAsync(n, CancellationToken.None);

        CapturedRequest request = Assert.Single(teams.Requests);
        Assert.True(Encoding.UTF8.GetByteCount(request.Body) <= 28_000, $"{Encoding.UTF8.GetByteCount(request.Body)} bytes");
        Assert.Empty(cards.Validate("#", JsonNode.Parse(request.Body)!["attachments"]![0]!["content"]));
    }

    [SkippableFact]
    public async Task SlackWebhook_BodyMatchesTheContract_AndLimits()
    {
        Contract contract = Contract.Load("slack-incoming-webhook.derived.openapi.yaml");
        await using VendorStub slack = await VendorStub.StartAsync();
        slack.Default = _ => new Answer(200, "ok");
        IAlertChannel channel = Alerts.Channel("slack", new() { ["Channels:Slack:WebhookUrl"] = new Uri(slack.Url, "/services/T000/B000/XXXX").ToString() });

        await channel.SendAsync(Alerts.Notification(), CancellationToken.None);

        CapturedRequest request = Assert.Single(slack.Requests);
        Assert.Equal("/services/T000/B000/XXXX", request.Path);
        Assert.Empty(contract.ValidateBody("POST", request.Path, request.Body));
        JsonNode body = JsonNode.Parse(request.Body)!;
        Assert.True(body["blocks"]!.AsArray().Count <= 50);
        Assert.All(body["blocks"]!.AsArray().Where(b => b!["type"]!.GetValue<string>() == "actions").SelectMany(b => b!["elements"]!.AsArray()),
            button => Assert.StartsWith("https://ecsrtma.example/", button!["url"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task SlackBot_PostsWithBearer_KeepsTheReference_AndUpdatesTheSameMessageOnAck()
    {
        Contract webApi = Contract.Load("slack-web-api.trimmed.openapi2.json");
        await using VendorStub slack = await VendorStub.StartAsync();
        slack.Default = r => new Answer(200, r.Path.EndsWith("postMessage", StringComparison.Ordinal)
            ? """{"ok":true,"channel":"C0123","ts":"1700000000.000100","message":{}}"""
            : """{"ok":true,"channel":"C0123","ts":"1700000000.000100","text":"x"}""");
        IAlertChannel channel = Alerts.Channel("slack", new()
        {
            ["Channels:Slack:BotToken"] = "xoxb-test-token",
            ["Channels:Slack:Channel"] = "C0123",
            ["Channels:Slack:ApiBaseUrl"] = new Uri(slack.Url, "/api/").ToString(),
        });

        DeliveryReceipt receipt = await channel.SendAsync(Alerts.Notification(), CancellationToken.None);
        await ((IAlertStateChannel)channel).ReflectAsync(new AlertStateChange("ecs-1", AlertStatus.Acknowledged, "alice", DateTimeOffset.UtcNow, "High: DeleteService", "on it", receipt.ExternalRef), CancellationToken.None);

        Assert.Equal("C0123|1700000000.000100", receipt.ExternalRef);
        CapturedRequest[] requests = [.. slack.Requests];
        Assert.Equal(["/api/chat.postMessage", "/api/chat.update"], requests.Select(r => r.Path));
        Assert.All(requests, r => Assert.Equal("Bearer xoxb-test-token", r.Headers["authorization"]));
        webApi.Operation("POST", "/chat.postMessage");
        webApi.Operation("POST", "/chat.update");
        JsonNode update = JsonNode.Parse(requests[1].Body)!;
        Assert.Equal(("C0123", "1700000000.000100"), (update["channel"]!.GetValue<string>(), update["ts"]!.GetValue<string>()));
        Assert.Contains("Acknowledged* by alice: on it", requests[1].Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("invalid_auth", true)]
    [InlineData("channel_not_found", true)]
    [InlineData("ratelimited", false)]
    public async Task SlackBot_OkFalse_IsPermanentOrTransientByErrorCode(string error, bool permanent)
    {
        await using VendorStub slack = await VendorStub.StartAsync();
        slack.Default = _ => new Answer(200, $$"""{"ok":false,"error":"{{error}}"}""");
        IAlertChannel channel = Alerts.Channel("slack", new()
        {
            ["Channels:Slack:BotToken"] = "xoxb-test-token",
            ["Channels:Slack:Channel"] = "C0123",
            ["Channels:Slack:ApiBaseUrl"] = new Uri(slack.Url, "/api/").ToString(),
        });

        Exception ex = await Assert.ThrowsAnyAsync<Exception>(() => channel.SendAsync(Alerts.Notification(), CancellationToken.None));
        Assert.Equal(permanent, ex is PermanentDeliveryException);
        Assert.Contains(error, ex.Message, StringComparison.Ordinal);
    }

    private static IAlertChannel Teams(VendorStub teams) => Alerts.Channel("teams", new()
    {
        ["Channels:Teams:WorkflowUrl"] = new Uri(teams.Url, WorkflowPath + "?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=secret-sig").ToString(),
    });
}

public sealed class ContractValidatorTests
{
    [SkippableFact]
    public void Validator_RejectsBodiesThatBreakTheContract_SoPassingMeansSomething()
    {
        Contract teams = Contract.Load("teams-webhook-adaptive-card.derived.openapi.yaml");
        Contract pagerDuty = Contract.Load("pagerduty-events-v2.openapi3.json");
        Contract cards = Contract.Load("adaptive-card-1.5.schema.json");

        Assert.NotEmpty(teams.ValidateBody("POST", "/workflows/x/triggers/manual/paths/invoke", """{"type":"message"}"""));
        Assert.NotEmpty(teams.ValidateBody("POST", "/workflows/x/triggers/manual/paths/invoke", """{"type":"card","attachments":[]}"""));
        Assert.NotEmpty(pagerDuty.ValidateBody("POST", "/enqueue", """{"routing_key":"k","event_action":"explode"}"""));
        Assert.NotEmpty(cards.Validate("#", System.Text.Json.Nodes.JsonNode.Parse("""{"type":"AdaptiveCard","version":"1.4","body":[{"type":"TextBlock"}]}""")));
        Assert.Throws<Xunit.Sdk.XunitException>(() => pagerDuty.Operation("DELETE", "/enqueue"));
    }
}
