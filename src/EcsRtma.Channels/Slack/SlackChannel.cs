using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using EcsRtma.Channels.Rendering;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;
using Microsoft.Extensions.Options;

namespace EcsRtma.Channels.Slack;

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
