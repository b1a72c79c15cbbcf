using System.Net;
using System.Text.Json.Nodes;
using EcsRtma.Channels.Graph;
using EcsRtma.Channels.PagerDuty;
using EcsRtma.Channels.Rendering;
using EcsRtma.Channels.Slack;
using EcsRtma.Channels.Sms;
using EcsRtma.Channels.Teams;
using EcsRtma.Channels.Tickets;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;

namespace EcsRtma.Channels.Tests;

public sealed class ResilienceAndSafetyTests
{
    private static readonly Dictionary<string, string> RetryAfterOne = new() { ["Retry-After"] = "1" };

    [Fact]
    public async Task RateLimited_429WithRetryAfter_ThenSuccess_IsOneSuccessfulDelivery()
    {
        await using VendorStub teams = await VendorStub.StartAsync();
        teams.Then(new Answer(429, "", RetryAfterOne));
        teams.Default = _ => new Answer(202);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        await Teams(teams).SendAsync(Alerts.Notification(), CancellationToken.None);

        Assert.Equal(2, teams.Requests.Count);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), $"retried after {watch.Elapsed.TotalSeconds:0.00} s, not after Retry-After");
    }

    [Fact]
    public async Task ServerErrorStorm_IsRetriedAFewTimes_ThenFailsAsTransient_ForTheWorkflowToRetryLater()
    {
        await using VendorStub teams = await VendorStub.StartAsync();
        teams.Default = _ => new Answer(503);

        Exception ex = await Assert.ThrowsAnyAsync<Exception>(() => Teams(teams).SendAsync(Alerts.Notification(), CancellationToken.None));

        Assert.IsNotType<PermanentDeliveryException>(ex);
        Assert.Equal(1 + 3, teams.Requests.Count);
    }

    [Fact]
    public async Task PermanentRejection_IsNotRetried()
    {
        await using VendorStub teams = await VendorStub.StartAsync();
        teams.Default = _ => new Answer(400, """{"error":"bad card"}""");

        var ex = await Assert.ThrowsAsync<PermanentDeliveryException>(() => Teams(teams).SendAsync(Alerts.Notification(), CancellationToken.None));

        Assert.Equal(400, ex.StatusCode);
        Assert.Single(teams.Requests);
    }

    [Fact]
    public async Task SlowVendor_AttemptTimesOut_AndTheRetrySucceeds()
    {
        await using VendorStub teams = await VendorStub.StartAsync();
        teams.Then(new Answer(202) { Delay = TimeSpan.FromSeconds(5) });
        teams.Default = _ => new Answer(202);

        await Teams(teams).SendAsync(Alerts.Notification(), CancellationToken.None);

        Assert.Equal(2, teams.Requests.Count);
    }

    [Fact]
    public async Task FailingReflections_OfOneAlert_NeverBlockAnotherAlertsFirstNotification()
    {
        // The receiver answers 500 to every state change (as the local sink did): those failures concern
        // those requests. The breaker must not open for the channel and fail the next alert fast (#12).
        await using VendorStub hook = await VendorStub.StartAsync();
        hook.Default = r => r.Body.Contains("ecs.config_change.acknowledged", StringComparison.Ordinal) ? new Answer(500) : new Answer(204);
        IAlertChannel webhook = Alerts.Channel("webhook", new()
        {
            ["Channels:Webhook:Url"] = new Uri(hook.Url, "/hooks").ToString(),
            ["Channels:Webhook:Secret"] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwMfKQ9r8GKYqr",
            ["Channels:Resilience:MaxRetryAttempts"] = "1",
        });
        var reflecting = (IAlertStateChannel)webhook;
        for (int i = 0; i < 8; i++)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => reflecting.ReflectAsync(new AlertStateChange("ecs-a" + i, AlertStatus.Acknowledged, "x", DateTimeOffset.UtcNow, "t"), CancellationToken.None));
        }

        await webhook.SendAsync(Alerts.Notification(), CancellationToken.None);

        Assert.Contains(hook.Requests, r => r.Body.Contains("ecs.config_change.alert", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void InjectionCorpus_RenderedThroughEveryFormat_LeavesNothingActive(string format)
    {
        foreach (string hostile in Alerts.Hostile)
        {
            AlertNotification n = Alerts.Notification(cluster: hostile, service: hostile, actorArn: "arn:aws:sts::111122223333:assumed-role/ops/" + hostile);
            n = n with { Verdict = n.Verdict with { Reasons = [hostile, .. n.Verdict.Reasons] } };
            string output = Render(format, n);

            // Only our own links survive: nothing the attacker wrote is a link.
            Assert.DoesNotContain("evil.example", output, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("http://10.0.0.1", output, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("www.evil", output, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("203.0.113.9", output, StringComparison.Ordinal);
            Assert.DoesNotContain("_http://", output, StringComparison.Ordinal);
            Assert.DoesNotContain("éhttps://", output, StringComparison.Ordinal);
            Assert.DoesNotContain("пример.рф", output, StringComparison.Ordinal);
            // No invisible or direction-changing characters.
            Assert.DoesNotContain('\u200B', output);
            Assert.DoesNotContain('\u202E', output);
            Assert.DoesNotContain('\uFEFF', output);
            Assert.DoesNotContain('\u2066', output);
            switch (format)
            {
                case "slack":
                    Assert.DoesNotContain("<!channel>", output, StringComparison.Ordinal);
                    Assert.DoesNotContain("<!here>", output, StringComparison.Ordinal);
                    Assert.DoesNotContain("<@U", output, StringComparison.Ordinal);
                    Assert.DoesNotContain("<https", output, StringComparison.Ordinal);
                    break;
                case "teams":
                    Assert.DoesNotContain("](", output, StringComparison.Ordinal);
                    Assert.DoesNotContain("**bold**", output, StringComparison.Ordinal);
                    break;
                case "email":
                    Assert.DoesNotContain("<script", output, StringComparison.OrdinalIgnoreCase);
                    Assert.DoesNotContain("<img", output, StringComparison.OrdinalIgnoreCase);
                    break;
                default:
                    break;
            }

            Assert.True(output.Length < 200_000, $"{format} output is {output.Length} characters for a 100k-character field");
        }
    }

    public static TheoryData<string> Formats() => new() { "teams", "slack", "email", "sms", "pagerduty", "ticket", "webhook" };

    private static string Render(string format, AlertNotification n)
    {
        AlertContent c = AlertContent.From(n);
        string ours = n.AcknowledgeUrl.ToString();
        string text = format switch
        {
            "teams" => AdaptiveCard.ForAlert(c).ToJsonString(),
            "slack" => SlackMessage.ForAlert(c).ToJsonString(),
            "email" => EmailMessage.Html(c) + WebUtility.HtmlEncode(EmailMessage.Subject(c)), // the subject is plain text, shown as text
            "sms" => SmsText.For(c),
            "pagerduty" => PagerDutyEvent.Trigger("k", c).ToJsonString(),
            "ticket" => TicketText.Body(c),
            _ => Webhook.WebhookPayload.Serialize(n),
        };

        // The webhook carries data, not markup: its consumers get the raw values as JSON strings, and say so in docs/WEBHOOK.md.
        return format == "webhook" ? SafeText.Clean(JsonNode.Parse(text)!["data"]!["cluster"]!.GetValue<string>(), 300_000) : text.Replace(ours, string.Empty, StringComparison.Ordinal);
    }

    private static IAlertChannel Teams(VendorStub teams) => Alerts.Channel("teams", new()
    {
        ["Channels:Teams:WorkflowUrl"] = new Uri(teams.Url, "/workflows/x/triggers/manual/paths/invoke?sig=s").ToString(),
        ["Channels:Resilience:MaxRetryAttempts"] = "3",
    });
}
