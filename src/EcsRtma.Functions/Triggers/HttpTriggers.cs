using System.Globalization;
using System.Net;
using EcsRtma.Http;
using EcsRtma.Workflow.Links;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;

namespace EcsRtma.Functions.Triggers;

/// <summary>
/// HTTP endpoints: two-line wrappers around <see cref="HttpSurface"/>, which the local host serves too.
/// Here lives only what belongs to Functions: routes and authorisation levels. The acknowledgement
/// link is anonymous (its signed token is its own authorisation); the alerts API needs a function key
/// (or Entra ID in front of the app); the board page is static and calls the API with the user's key.
/// </summary>
public sealed class HttpTriggers(HttpSurface surface)
{
    /// <summary>GET: confirmation page, changes nothing. POST: acknowledges or resolves, as the link says.</summary>
    [Function(nameof(AcknowledgeAlert))]
    public async Task<HttpResponseData> AcknowledgeAlert(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = AckLinks.AckRoute)] HttpRequestData request,
        string alertId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        await WriteAsync(request, await surface.AckAsync(Call(request), alertId, client, cancellationToken), cancellationToken);

    /// <summary>GET api/s/{code}: an SMS short link.</summary>
    [Function(nameof(ShortLink))]
    public async Task<HttpResponseData> ShortLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = AckLinks.ShortLinkRoute)] HttpRequestData request,
        string code,
        CancellationToken cancellationToken) =>
        await WriteAsync(request, await surface.ShortLinkAsync(code, cancellationToken), cancellationToken);

    /// <summary>GET api/alerts?status=&amp;severity=&amp;account=&amp;cluster=&amp;from=&amp;to=&amp;limit=&amp;continuation=</summary>
    [Function(nameof(ListAlerts))]
    public async Task<HttpResponseData> ListAlerts(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "alerts")] HttpRequestData request,
        CancellationToken cancellationToken) =>
        await WriteAsync(request, await surface.ListAlertsAsync(Call(request), cancellationToken), cancellationToken);

    /// <summary>GET api/alerts/{alertId}: the alert with its changes, timeline and deliveries.</summary>
    [Function(nameof(GetAlert))]
    public async Task<HttpResponseData> GetAlert(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "alerts/{alertId}")] HttpRequestData request,
        string alertId,
        CancellationToken cancellationToken) =>
        await WriteAsync(request, await surface.GetAlertAsync(alertId, cancellationToken), cancellationToken);

    /// <summary>POST api/alerts/{alertId}/acknowledge or …/resolve with an optional JSON body <c>{"by": "...", "comment": "..."}</c>.</summary>
    [Function(nameof(ActOnAlert))]
    public async Task<HttpResponseData> ActOnAlert(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "alerts/{alertId}/{action:regex(^(acknowledge|resolve)$)}")] HttpRequestData request,
        string alertId,
        string action,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        await WriteAsync(request, await surface.ActOnAlertAsync(Call(request), alertId, action, client, cancellationToken), cancellationToken);

    /// <summary>GET api/changes?outcome=&amp;account=&amp;cluster=&amp;action=&amp;from=&amp;to=&amp;limit=&amp;continuation=</summary>
    [Function(nameof(ListChanges))]
    public async Task<HttpResponseData> ListChanges(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "changes")] HttpRequestData request,
        CancellationToken cancellationToken) =>
        await WriteAsync(request, await surface.ListChangesAsync(Call(request), cancellationToken), cancellationToken);

    /// <summary>The alert board page and its two static files.</summary>
    [Function(nameof(Board))]
    public async Task<HttpResponseData> Board(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = AckLinks.BoardRoute)] HttpRequestData request,
        string? asset,
        CancellationToken cancellationToken) =>
        await WriteAsync(request, HttpSurface.Board(asset), cancellationToken);

    /// <summary>PagerDuty v3 webhook subscription: acknowledged/resolved there, acknowledged/resolved here.</summary>
    [Function(nameof(PagerDutyWebhook))]
    public async Task<HttpResponseData> PagerDutyWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "inbound/pagerduty")] HttpRequestData request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        await WriteAsync(request, await surface.PagerDutyAsync(Call(request), client, cancellationToken), cancellationToken);

    [Function(nameof(Health))]
    public async Task<HttpResponseData> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequestData request,
        CancellationToken cancellationToken) =>
        await WriteAsync(request, await surface.HealthAsync(cancellationToken), cancellationToken);

    /// <summary>The request as the surface reads it.</summary>
    public static HttpCall Call(HttpRequestData request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? Header(string name) => request.Headers.TryGetValues(name, out IEnumerable<string>? values) ? values.FirstOrDefault() : null;
        long? length = long.TryParse(Header("Content-Length"), NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : null;
        return new HttpCall(request.Method, request.Url.PathAndQuery, name => request.Query[name], Header, length, request.Body);
    }

    /// <summary>The surface's answer as it is: status, content type, every header, body.</summary>
    public static async Task<HttpResponseData> WriteAsync(HttpRequestData request, HttpAnswer answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(answer);
        HttpResponseData response = request.CreateResponse((HttpStatusCode)answer.Status);
        if (answer.ContentType is not null)
        {
            response.Headers.Add("Content-Type", answer.ContentType);
        }

        foreach (KeyValuePair<string, string> header in answer.Headers)
        {
            response.Headers.Add(header.Key, header.Value);
        }

        if (answer.Body.Length > 0)
        {
            await response.WriteStringAsync(answer.Body, cancellationToken);
        }

        return response;
    }
}
