using System.Globalization;
using System.Text;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;
using Microsoft.Extensions.Options;

namespace EcsRtma.Channels.Webhook;

/// <summary>
/// POSTs the alert as a Standard Webhooks message: <c>webhook-id</c> stable across retries of the
/// same alert and tier (receivers dedupe on it), <c>webhook-timestamp</c> of this attempt, and
/// <c>webhook-signature</c> = v1,HMAC-SHA256. Acknowledgements and resolutions are sent as their own
/// event types, so a receiver can follow an alert's life.
/// </summary>
public sealed class WebhookChannel(HttpClient http, IOptions<WebhookChannelOptions> options, TimeProvider time) : IAlertChannel, IAlertStateChannel
{
    public const string ChannelName = "webhook";

    private readonly StandardWebhookSigner _signer = new(options.Value.Secret);

    public string Name => ChannelName;

    public async Task<DeliveryReceipt> SendAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        string messageId = $"msg_{notification.AlertId}_t{notification.Tier}";
        await PostAsync(messageId, WebhookPayload.Serialize(notification), cancellationToken);
        return new DeliveryReceipt(messageId);
    }

    public async Task ReflectAsync(AlertStateChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        await PostAsync($"msg_{change.AlertId}_{change.Status.ToString().ToLowerInvariant()}", WebhookPayload.Serialize(change), cancellationToken);
    }

    private async Task PostAsync(string messageId, string body, CancellationToken cancellationToken)
    {
        long timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Value.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", messageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", _signer.Sign(messageId, timestamp, body));

        using HttpResponseMessage response = await http.SendAsync(request, cancellationToken);
        DeliveryFailure.ThrowIfUnsuccessful(response, Name);
    }
}
