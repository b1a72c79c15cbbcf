using System.Net;
using System.Text.Json;
using EcsRtma.Infrastructure;
using EcsRtma.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EcsRtma.Functions.Triggers;

/// <summary>
/// HTTP endpoints. The acknowledgement link is anonymous (its signed token is its own
/// authorisation); the alerts API needs a function key (or Entra ID in front of the app); the
/// board page is static and calls the API with the key the user gives it.
/// </summary>
public sealed class HttpTriggers(AcknowledgeService acknowledgements, AlertApi api, HealthProbe health, IOptions<ApiOptions> apiOptions, IServiceProvider services, EcsRtma.Core.Ports.IAlertStore store)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>GET: confirmation page, changes nothing. POST: acknowledges or resolves, as the link says (form field or JSON <c>comment</c> optional).</summary>
    [Function(nameof(AcknowledgeAlert))]
    public async Task<HttpResponseData> AcknowledgeAlert(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "ack/{alertId}")] HttpRequestData request,
        string alertId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? token = request.Query["token"];
        if (string.Equals(request.Method, "GET", StringComparison.OrdinalIgnoreCase))
        {
            AckResponse preview = await acknowledgements.PreviewAsync(alertId, token, cancellationToken);
            return await HtmlAsync(request, preview.StatusCode, AckPage.Confirm(preview, request.Url.PathAndQuery));
        }

        string? comment = await ReadCommentAsync(request);
        AckResponse result = await acknowledgements.AcknowledgeAsync(client, alertId, token, comment, cancellationToken);
        return await HtmlAsync(request, result.StatusCode, AckPage.Result(result));
    }

    /// <summary>GET api/s/{code}: an SMS short link; redirects to the signed link it stands for (which shows the confirmation page).</summary>
    [Function(nameof(ShortLink))]
    public async Task<HttpResponseData> ShortLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "s/{code}")] HttpRequestData request,
        string code,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Uri? target = await store.ResolveShortLinkAsync(code, cancellationToken);
        if (target is null)
        {
            return await HtmlAsync(request, 404, AckPage.Result(new AckResponse(404, "This link is unknown or has expired.")));
        }

        HttpResponseData response = request.CreateResponse(HttpStatusCode.Found);
        response.Headers.Add("Location", target.ToString());
        response.Headers.Add("Cache-Control", "no-store");
        response.Headers.Add("Referrer-Policy", "no-referrer");
        return response;
    }

    /// <summary>GET api/alerts?status=&amp;severity=&amp;account=&amp;cluster=&amp;from=&amp;to=&amp;limit=&amp;continuation=</summary>
    [Function(nameof(ListAlerts))]
    public async Task<HttpResponseData> ListAlerts(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "alerts")] HttpRequestData request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await JsonAsync(request, await api.ListAlertsAsync(name => request.Query[name], cancellationToken), cancellationToken);
    }

    /// <summary>GET api/alerts/{alertId}: the alert with its changes, timeline and deliveries.</summary>
    [Function(nameof(GetAlert))]
    public async Task<HttpResponseData> GetAlert(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "alerts/{alertId}")] HttpRequestData request,
        string alertId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await JsonAsync(request, await api.GetAlertAsync(alertId, cancellationToken), cancellationToken);
    }

    /// <summary>POST api/alerts/{alertId}/acknowledge or …/resolve with an optional JSON body <c>{"by": "...", "comment": "..."}</c>.</summary>
    [Function(nameof(ActOnAlert))]
    public async Task<HttpResponseData> ActOnAlert(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "alerts/{alertId}/{action:regex(^(acknowledge|resolve)$)}")] HttpRequestData request,
        string alertId,
        string action,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ApiAction? body = await ReadActionAsync(request, cancellationToken);
        string? caller = apiOptions.Value.TrustClientPrincipalHeader && request.Headers.TryGetValues("X-MS-CLIENT-PRINCIPAL-NAME", out var names) ? names.FirstOrDefault() : null;
        return await JsonAsync(request, await api.ActAsync(client, alertId, action, caller, body, cancellationToken), cancellationToken);
    }

    /// <summary>GET api/changes?outcome=&amp;account=&amp;cluster=&amp;action=&amp;from=&amp;to=&amp;limit=&amp;continuation= — alerted, suppressed and ignored changes.</summary>
    [Function(nameof(ListChanges))]
    public async Task<HttpResponseData> ListChanges(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "changes")] HttpRequestData request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await JsonAsync(request, await api.ListChangesAsync(name => request.Query[name], cancellationToken), cancellationToken);
    }

    /// <summary>The alert board page and its two static files. They hold no data; the data comes from the keyed API.</summary>
    [Function(nameof(Board))]
    public async Task<HttpResponseData> Board(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "board/{asset?}")] HttpRequestData request,
        string? asset,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (BoardAssets.Get(asset) is not { } file)
        {
            return request.CreateResponse(HttpStatusCode.NotFound);
        }

        HttpResponseData response = request.CreateResponse(HttpStatusCode.OK);
        response.Headers.Add("Content-Type", file.ContentType);
        foreach ((string name, string value) in BoardAssets.SecurityHeaders)
        {
            response.Headers.Add(name, value);
        }

        await response.WriteStringAsync(file.Content, cancellationToken);
        return response;
    }

    /// <summary>PagerDuty v3 webhook subscription: an incident acknowledged or resolved in PagerDuty acknowledges or resolves the alert here. Its signature is its authorisation.</summary>
    [Function(nameof(PagerDutyWebhook))]
    public async Task<HttpResponseData> PagerDutyWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "inbound/pagerduty")] HttpRequestData request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string body = await request.ReadAsStringAsync() ?? string.Empty;
        string? signature = request.Headers.TryGetValues("X-PagerDuty-Signature", out var values) ? values.FirstOrDefault() : null;
        string? secret = services.GetService<IOptions<Channels.PagerDuty.PagerDutyChannelOptions>>()?.Value.WebhookSecret;
        (int status, string message) = await Channels.PagerDuty.PagerDutyInbound.HandleAsync(body, signature, secret,
            async answer => (await acknowledgements.ApplyAsync(client, answer.AlertId, answer.Action, answer.By, null, "pagerduty", cancellationToken)).StatusCode);
        return await JsonAsync(request, new ApiResult(status, new ApiError(message)), cancellationToken);
    }

    [Function(nameof(Health))]
    public async Task<HttpResponseData> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequestData request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        HealthReport report = await health.CheckAsync(cancellationToken);
        HttpResponseData response = request.CreateResponse(report.Healthy ? HttpStatusCode.OK : HttpStatusCode.ServiceUnavailable);
        response.Headers.Add("Content-Type", "application/json");
        await response.WriteStringAsync(JsonSerializer.Serialize(report, Json), cancellationToken);
        return response;
    }

    private static async Task<HttpResponseData> JsonAsync(HttpRequestData request, ApiResult result, CancellationToken cancellationToken)
    {
        HttpResponseData response = request.CreateResponse((HttpStatusCode)result.StatusCode);
        response.Headers.Add("Content-Type", "application/json; charset=utf-8");
        response.Headers.Add("Cache-Control", "no-store");
        response.Headers.Add("X-Content-Type-Options", "nosniff");
        await response.WriteStringAsync(JsonSerializer.Serialize(result.Body, result.Body.GetType(), Json), cancellationToken);
        return response;
    }

    private static async Task<ApiAction?> ReadActionAsync(HttpRequestData request, CancellationToken cancellationToken)
    {
        string body = await request.ReadAsStringAsync() ?? string.Empty;
        if (body.Length is 0 or > 4096)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ApiAction>(body, Json);
        }
        catch (JsonException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return null;
        }
    }

    private static async Task<HttpResponseData> HtmlAsync(HttpRequestData request, int status, string html)
    {
        HttpResponseData response = request.CreateResponse((HttpStatusCode)status);
        response.Headers.Add("Content-Type", "text/html; charset=utf-8");
        response.Headers.Add("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
        response.Headers.Add("Referrer-Policy", "no-referrer");
        response.Headers.Add("Cache-Control", "no-store");
        await response.WriteStringAsync(html);
        return response;
    }

    private static async Task<string?> ReadCommentAsync(HttpRequestData request)
    {
        string body = await request.ReadAsStringAsync() ?? string.Empty;
        if (body.Length == 0 || body.Length > 4096)
        {
            return null;
        }

        string? contentType = request.Headers.TryGetValues("Content-Type", out var values) ? values.FirstOrDefault() : null;
        return AckForm.ReadComment(contentType, body);
    }
}
