using System.Text.Json.Nodes;
using EcsRtma.Channels.Rendering;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;
using Microsoft.Extensions.Options;

namespace EcsRtma.Channels.PagerDuty;

/// <summary>
/// Triggers a PagerDuty incident with <c>dedup_key</c> = our alert id (a later tier re-triggers the
/// same incident), and sends <c>acknowledge</c> / <c>resolve</c> events when that happens here.
/// </summary>
public sealed class PagerDutyChannel(HttpClient http, IOptions<PagerDutyChannelOptions> options) : IAlertChannel, IAlertStateChannel
{
    public const string ChannelName = "pagerduty";

    public string Name => ChannelName;

    public async Task<DeliveryReceipt> SendAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        JsonObject body = PagerDutyEvent.Trigger(options.Value.RoutingKey, AlertContent.From(notification));
        await EnqueueAsync(body, cancellationToken);
        return new DeliveryReceipt(notification.AlertId);
    }

    public Task ReflectAsync(AlertStateChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return EnqueueAsync(PagerDutyEvent.Follow(options.Value.RoutingKey, change.AlertId, change.Status == AlertStatus.Resolved ? "resolve" : "acknowledge"), cancellationToken);
    }

    private async Task EnqueueAsync(JsonObject body, CancellationToken cancellationToken)
    {
        using HttpRequestMessage request = ChannelHttp.JsonRequest(HttpMethod.Post, options.Value.EventsUrl, body);
        using HttpResponseMessage response = await ChannelHttp.SendAsync(http, request, Name, cancellationToken);
    }
}
