using System.ComponentModel.DataAnnotations;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EcsRtma.Channels.Rendering;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Detection;
using EcsRtma.Core.Ports;
using Microsoft.Extensions.Options;

namespace EcsRtma.Channels.Slack;

/// <summary>Slack: an incoming webhook, or a bot token and channel (chat.postMessage / chat.update). Section <c>Channels:Slack</c>.</summary>
public sealed class SlackChannelOptions : IValidatableObject
{
    public const string SectionName = "Channels:Slack";

    /// <summary>Incoming webhook URL (the URL is the credential). Used when no bot token is set.</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>Bot token (<c>xoxb-…</c>, scope <c>chat:write</c>): messages are kept and updated on acknowledge/resolve.</summary>
    public string? BotToken { get; set; }

    /// <summary>Channel id (C…) for the bot.</summary>
    public string? Channel { get; set; }

    /// <summary>Web API base; changed only for tests.</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://slack.com/api/");

    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    public bool UsesBot => !string.IsNullOrEmpty(BotToken);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UsesBot && string.IsNullOrEmpty(Channel))
        {
            yield return new ValidationResult("Channels:Slack:Channel is required with a bot token", [nameof(Channel)]);
        }

        if (!UsesBot && WebhookUrl is null)
        {
            yield return new ValidationResult("Channels:Slack needs WebhookUrl, or BotToken and Channel", [nameof(WebhookUrl)]);
        }
    }
}

/// <summary>
/// Block Kit message: header, facts, why, deadline, and link buttons to acknowledge, resolve and
/// open the board. Every untrusted value goes through <see cref="SafeText.Slack"/>: no mention,
/// channel ping or link can be smuggled in. With a bot token the message's channel and ts are
/// kept, and acknowledge/resolve update it with chat.update.
/// </summary>
public sealed class SlackChannel(HttpClient http, IOptions<SlackChannelOptions> options) : IAlertChannel, IAlertStateChannel
{
    public const string ChannelName = "slack";

    public string Name => ChannelName;

    public async Task<DeliveryReceipt> SendAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        JsonObject message = SlackMessage.ForAlert(AlertContent.From(notification));
        return await PostAsync("chat.postMessage", message, cancellationToken);
    }

    public async Task ReflectAsync(AlertStateChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        JsonObject message = SlackMessage.ForState(change);
        SlackChannelOptions o = options.Value;
        if (o.UsesBot && change.ExternalRef?.Split('|') is [string channel, string ts])
        {
            message["channel"] = channel;
            message["ts"] = ts;
            using HttpRequestMessage update = BotRequest("chat.update", message);
            await CallAsync(update, cancellationToken);
            return;
        }

        await PostAsync("chat.postMessage", message, cancellationToken);
    }

    private async Task<DeliveryReceipt> PostAsync(string method, JsonObject message, CancellationToken cancellationToken)
    {
        SlackChannelOptions o = options.Value;
        if (!o.UsesBot)
        {
            using HttpRequestMessage hook = ChannelHttp.JsonRequest(HttpMethod.Post, o.WebhookUrl!, message);
            using HttpResponseMessage response = await ChannelHttp.SendAsync(http, hook, Name, cancellationToken);
            return DeliveryReceipt.None; // an incoming webhook keeps no message reference
        }

        message["channel"] = o.Channel;
        using HttpRequestMessage request = BotRequest(method, message);
        JsonNode answer = await CallAsync(request, cancellationToken);
        return new DeliveryReceipt($"{answer["channel"]?.GetValue<string>()}|{answer["ts"]?.GetValue<string>()}");
    }

    private HttpRequestMessage BotRequest(string method, JsonObject body)
    {
        HttpRequestMessage request = ChannelHttp.JsonRequest(HttpMethod.Post, new Uri(options.Value.ApiBaseUrl, method), body);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.BotToken);
        request.Content!.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return request;
    }

    /// <summary>The Web API answers 200 even on failure: <c>ok:false</c> with an error code, some permanent, some not.</summary>
    private async Task<JsonNode> CallAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await ChannelHttp.SendAsync(http, request, Name, cancellationToken);
        JsonNode? answer = await ChannelHttp.ReadJsonAsync(response, cancellationToken);
        if (answer?["ok"]?.GetValue<bool>() == true)
        {
            return answer;
        }

        string error = answer?["error"]?.GetValue<string>() ?? "no answer";
        throw error is "ratelimited" or "rate_limited" or "internal_error" or "fatal_error" or "service_unavailable" or "request_timeout"
            ? new HttpRequestException($"{Name}: transient Slack error {error}")
            : new PermanentDeliveryException(Name, 200, $"Slack refused the message: {error}");
    }
}

/// <summary>Block Kit rendering within Slack's limits (header ≤ 150, section ≤ 3000, fields ≤ 10 × 2000, button url ≤ 3000).</summary>
public static class SlackMessage
{
    public static JsonObject ForAlert(AlertContent c)
    {
        ArgumentNullException.ThrowIfNull(c);
        string headline = $"{c.SeverityLabel}: {SafeText.Clean(c.Action, 60)} by {SafeText.Clean(c.Actor, 60)}";
        var fields = new JsonArray([.. c.Facts.Take(10).Select(f => (JsonNode)Mrkdwn($"*{f.Label}*\n{SafeText.Slack(f.Value, 300)}"))]);
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = SafeText.Truncate(headline, 150), ["emoji"] = false } },
            new JsonObject { ["type"] = "section", ["fields"] = fields },
        };
        if (c.Reasons.Count > 0)
        {
            blocks.Add(Section("*Why*\n" + Bullets(c.Reasons.Concat(c.Findings))));
        }

        if (c.Remediation.Count > 0)
        {
            blocks.Add(Section("*What to do*\n" + Bullets(c.Remediation)));
        }

        blocks.Add(new JsonObject
        {
            ["type"] = "context",
            ["elements"] = new JsonArray(Mrkdwn($"Tier {c.Tier} · acknowledge by {c.Deadline} · alert `{SafeText.Slack(c.AlertId, 120)}`")),
        });
        var buttons = new JsonArray { Button("Acknowledge", c.AcknowledgeUrl, "ack", "primary") };
        if (c.ResolveUrl is not null)
        {
            buttons.Add(Button("Resolve", c.ResolveUrl, "resolve", "danger"));
        }

        if (c.BoardUrl is not null)
        {
            buttons.Add(Button("Open board", c.BoardUrl, "board", null));
        }

        blocks.Add(new JsonObject { ["type"] = "actions", ["elements"] = buttons });
        return new JsonObject
        {
            ["text"] = SafeText.Truncate(SafeText.Slack($"{c.SeverityLabel}: {c.Action} by {c.Actor}", 300), 3000),
            ["blocks"] = blocks,
            ["unfurl_links"] = false,
            ["unfurl_media"] = false,
        };
    }

    public static JsonObject ForState(AlertStateChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        string verb = change.Status == AlertStatus.Resolved ? "Resolved" : "Acknowledged";
        string line = $"*{verb}* by {SafeText.Slack(change.By, 120)}{(string.IsNullOrEmpty(change.Comment) ? string.Empty : $": {SafeText.Slack(change.Comment, 500)}")}";
        return new JsonObject
        {
            ["text"] = $"{verb}: {SafeText.Slack(change.Title, 300)}",
            ["blocks"] = new JsonArray(Section($"{SafeText.Slack(change.Title, 300)}\n{line}")),
            ["unfurl_links"] = false,
        };
    }

    private static string Bullets(IEnumerable<string> items)
    {
        var text = new StringBuilder();
        foreach (string item in items)
        {
            string line = "• " + SafeText.Slack(item, 600) + "\n";
            if (text.Length + line.Length > 2900)
            {
                text.Append("• …more on the alert board");
                break;
            }

            text.Append(line);
        }

        return text.ToString().TrimEnd('\n');
    }

    private static JsonObject Section(string mrkdwn) => new() { ["type"] = "section", ["text"] = Mrkdwn(SafeText.Truncate(mrkdwn, 3000)) };

    private static JsonObject Mrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text, ["verbatim"] = true };

    private static JsonObject Button(string text, Uri url, string actionId, string? style)
    {
        var button = new JsonObject
        {
            ["type"] = "button",
            ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = text },
            ["url"] = url.ToString(),
            ["action_id"] = actionId,
        };
        if (style is not null)
        {
            button["style"] = style;
        }

        return button;
    }
}
