using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EcsRtma.Channels.Rendering;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;
using Microsoft.Extensions.Options;

namespace EcsRtma.Channels.Sms;

/// <summary>
/// Sends one SMS per recipient with a mobile number: <c>POST {endpoint}/sms</c>, signed as ACS
/// documents (x-ms-date, x-ms-content-sha256, HMAC-SHA256 over method, path, date, host and content
/// hash), with <c>repeatabilityRequestId</c>/<c>repeatabilityFirstSent</c> stable across retries so a
/// retry is never a second text. A 202 can still carry a failed recipient: that is a failure.
/// </summary>
public sealed class AcsSmsChannel(HttpClient http, IOptions<AcsSmsOptions> options, TimeProvider time) : IAlertChannel
{
    public const string ChannelName = "sms";

    public string Name => ChannelName;

    public bool PerRecipient => true;

    public bool WantsShortLinks => true;

    public async Task<DeliveryReceipt> SendAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        string to = SmsText.PhoneOf(notification, Name);
        AcsSmsOptions o = options.Value;
        var body = new JsonObject
        {
            ["from"] = o.From,
            ["smsRecipients"] = new JsonArray(new JsonObject
            {
                ["to"] = to,
                ["repeatabilityRequestId"] = StableGuid(notification.DeliveryKey.Length > 0 ? notification.DeliveryKey : notification.AlertId + to).ToString(),
                ["repeatabilityFirstSent"] = (notification.FirstAttemptAt == default ? time.GetUtcNow() : notification.FirstAttemptAt).ToString("r", CultureInfo.InvariantCulture),
            }),
            ["message"] = SafeText.Truncate(SmsText.For(AlertContent.From(notification)), 2048),
            ["smsSendOptions"] = new JsonObject { ["enableDeliveryReport"] = false, ["tag"] = "ecsrtma" },
        };
        var url = new Uri(o.Endpoint, $"/sms?api-version={o.ApiVersion}");
        using HttpRequestMessage request = ChannelHttp.JsonRequest(HttpMethod.Post, url, body);
        string content = body.ToJsonString(ChannelHttp.Json);
        Sign(request, url, content, o.AccessKey, time.GetUtcNow());
        using HttpResponseMessage response = await ChannelHttp.SendAsync(http, request, Name, cancellationToken);
        JsonNode? answer = await ChannelHttp.ReadJsonAsync(response, cancellationToken);
        JsonNode? result = answer?["value"]?[0];
        if (result?["successful"]?.GetValue<bool>() == false)
        {
            int status = result["httpStatusCode"]?.GetValue<int>() ?? 0;
            string message = $"ACS did not send to the recipient: {result["errorMessage"]?.GetValue<string>()} ({status})";
            throw status is >= 400 and < 500 and not 429 ? new PermanentDeliveryException(Name, status, message) : new HttpRequestException($"{Name}: {message}");
        }

        return new DeliveryReceipt(result?["messageId"]?.GetValue<string>());
    }

    /// <summary>ACS HMAC authentication: headers x-ms-date, x-ms-content-sha256 and Authorization on the request.</summary>
    public static void Sign(HttpRequestMessage request, Uri url, string content, string accessKey, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(url);
        string date = now.ToString("r", CultureInfo.InvariantCulture);
        string hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
        string authorization = Authorization(request.Method.Method, url.PathAndQuery, date, url.Authority, hash, accessKey);
        request.Headers.Add("x-ms-date", date);
        request.Headers.Add("x-ms-content-sha256", hash);
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
    }

    public static string Authorization(string method, string pathAndQuery, string date, string host, string contentHash, string accessKey)
    {
        string stringToSign = $"{method}\n{pathAndQuery}\n{date};{host};{contentHash}";
        string signature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(accessKey), Encoding.UTF8.GetBytes(stringToSign)));
        return $"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={signature}";
    }

    /// <summary>A GUID derived from the key: the same delivery always carries the same repeatability id.</summary>
    public static Guid StableGuid(string key)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
