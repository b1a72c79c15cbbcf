using System.Text.Json.Nodes;
using EcsRtma.Channels.Rendering;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;
using Microsoft.Extensions.Options;

namespace EcsRtma.Channels.Sms;

/// <summary>One SMS per recipient with a mobile number: <c>POST /2010-04-01/Accounts/{sid}/Messages.json</c>, form-encoded, HTTP Basic.</summary>
public sealed class TwilioSmsChannel(HttpClient http, IOptions<TwilioSmsOptions> options) : IAlertChannel
{
    public const string ChannelName = "twilio";

    public string Name => ChannelName;

    public bool PerRecipient => true;

    public bool WantsShortLinks => true;

    public async Task<DeliveryReceipt> SendAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        string to = SmsText.PhoneOf(notification, Name);
        TwilioSmsOptions o = options.Value;
        var form = new List<KeyValuePair<string, string>>
        {
            new("To", to),
            new("Body", SafeText.Truncate(SmsText.For(AlertContent.From(notification)), 1600)),
        };
        form.Add(string.IsNullOrEmpty(o.MessagingServiceSid) ? new("From", o.From ?? string.Empty) : new("MessagingServiceSid", o.MessagingServiceSid));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(o.BaseUrl, $"/2010-04-01/Accounts/{o.AccountSid}/Messages.json"))
        {
            Content = new FormUrlEncodedContent(form),
        };
        request.Headers.Authorization = ChannelHttp.Basic(o.ApiKeySid ?? o.AccountSid, o.AuthToken);
        using HttpResponseMessage response = await ChannelHttp.SendAsync(http, request, Name, cancellationToken);
        JsonNode? answer = await ChannelHttp.ReadJsonAsync(response, cancellationToken);
        return new DeliveryReceipt(answer?["sid"]?.GetValue<string>());
    }
}
