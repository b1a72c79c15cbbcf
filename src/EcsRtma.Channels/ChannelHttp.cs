using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EcsRtma.Channels;

/// <summary>Small helpers every HTTP channel uses: JSON bodies, sending with failure classification, reading JSON answers.</summary>
public static class ChannelHttp
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static HttpRequestMessage JsonRequest(HttpMethod method, Uri url, JsonNode body) => new(method, url)
    {
        Content = new StringContent(body.ToJsonString(Json), Encoding.UTF8, "application/json"),
    };

    /// <summary>Sends; a non-success answer throws (permanent for 4xx but 408/429, transient otherwise). The caller disposes the response.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, string channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        HttpResponseMessage response = await http.SendAsync(request, cancellationToken);
        try
        {
            DeliveryFailure.ThrowIfUnsuccessful(response, channel);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public static async Task<JsonNode?> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        string text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static AuthenticationHeaderValue Basic(string user, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{secret}")));

    /// <summary>A URL with any query string and user info removed and the last path segments masked, for logs and previews.</summary>
    public static string Redact(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return $"{url.Scheme}://{url.Host}{(url.IsDefaultPort ? string.Empty : ":" + url.Port)}{url.AbsolutePath}{(string.IsNullOrEmpty(url.Query) ? string.Empty : "?…")}";
    }
}
