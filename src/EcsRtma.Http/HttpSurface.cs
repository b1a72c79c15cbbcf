using System.Text;
using System.Text.Json;
using EcsRtma.Channels.PagerDuty;
using EcsRtma.Core;
using EcsRtma.Core.Ports;
using EcsRtma.Http.Acknowledge;
using EcsRtma.Http.Api;
using EcsRtma.Infrastructure;
using EcsRtma.Workflow;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace EcsRtma.Http;

/// <summary>
/// Every HTTP endpoint of EcsRtma, implemented once and served by both hosts (the Functions app and
/// the local host), so they answer byte for byte alike, headers included. Bodies are capped before
/// they are read (413); ids are checked before storage is asked. Authorisation that belongs to the
/// host (function keys, App Service authentication, the local host's Host check) stays in the host.
/// </summary>
public sealed class HttpSurface(
    AcknowledgeService acknowledgements,
    AlertApi api,
    HealthProbe health,
    ILinkStore links,
    TimeProvider time,
    IOptions<ApiOptions> apiOptions,
    IOptions<PagerDutyChannelOptions>? pagerDuty = null)
{
    /// <summary>GET: the confirmation page, changes nothing. POST: acknowledges or resolves, as the signed link says (form or JSON <c>comment</c>).</summary>
    public async Task<HttpAnswer> AckAsync(HttpCall call, string alertId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        string? token = call.Query("token");
        if (call.IsGet)
        {
            AckResponse preview = await acknowledgements.PreviewAsync(alertId, token, cancellationToken);
            return HttpAnswer.Html(preview.StatusCode, AckPage.Confirm(preview, call.PathAndQuery));
        }

        (string? body, HttpAnswer? tooLarge) = await ReadBodyAsync(call, Limits.ActionBodyBytes, cancellationToken);
        if (tooLarge is not null)
        {
            return HttpAnswer.Html(413, AckPage.Result(new AckResponse(413, $"The request body is over {Limits.ActionBodyBytes} bytes; nothing was changed.")));
        }

        string? comment = string.IsNullOrEmpty(body) ? null : AckForm.ReadComment(call.Header("Content-Type"), body);
        AckResponse result = await acknowledgements.AcknowledgeAsync(client, alertId, token, comment, cancellationToken);
        return HttpAnswer.Html(result.StatusCode, AckPage.Result(result));
    }

    /// <summary>GET s/{code}: an SMS short link; redirects to the signed link it stands for while that is valid.</summary>
    public async Task<HttpAnswer> ShortLinkAsync(string code, CancellationToken cancellationToken)
    {
        Uri? target = IsShortCode(code) ? await links.ResolveShortLinkAsync(code, cancellationToken) : null;
        return target is null
            ? HttpAnswer.Html(404, AckPage.Result(new AckResponse(404, "This link is unknown or has expired.")))
            : HttpAnswer.Redirect(target);
    }

    /// <summary>GET alerts?status=&amp;severity=&amp;account=&amp;cluster=&amp;from=&amp;to=&amp;limit=&amp;continuation=</summary>
    public async Task<HttpAnswer> ListAlertsAsync(HttpCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        return Api(await api.ListAlertsAsync(call.Query, cancellationToken));
    }

    /// <summary>GET alerts/{id}: the alert with its changes, timeline and deliveries.</summary>
    public async Task<HttpAnswer> GetAlertAsync(string alertId, CancellationToken cancellationToken) =>
        Api(await api.GetAlertAsync(alertId, cancellationToken));

    /// <summary>POST alerts/{id}/acknowledge or …/resolve, body <c>{"by": "...", "comment": "..."}</c> optional.</summary>
    public async Task<HttpAnswer> ActOnAlertAsync(HttpCall call, string alertId, string action, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (action is not ("acknowledge" or "resolve"))
        {
            return HttpAnswer.Error(404, $"unknown action (use acknowledge or resolve)");
        }

        (string? body, HttpAnswer? tooLarge) = await ReadBodyAsync(call, Limits.ActionBodyBytes, cancellationToken);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        ApiAction? parsed = null;
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                parsed = JsonSerializer.Deserialize<ApiAction>(body, HttpAnswer.Json);
            }
            catch (JsonException)
            {
                return HttpAnswer.Error(400, "the body must be JSON: {\"by\": \"...\", \"comment\": \"...\"}");
            }
        }

        // Trusted only behind App Service authentication, which sets it and strips a client's own.
        string? caller = apiOptions.Value.TrustClientPrincipalHeader ? call.Header("X-MS-CLIENT-PRINCIPAL-NAME") : null;
        return Api(await api.ActAsync(client, alertId, action, string.IsNullOrWhiteSpace(caller) ? null : caller, parsed, cancellationToken));
    }

    /// <summary>GET changes?outcome=&amp;account=&amp;cluster=&amp;action=&amp;from=&amp;to=&amp;limit=&amp;continuation=</summary>
    public async Task<HttpAnswer> ListChangesAsync(HttpCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        return Api(await api.ListChangesAsync(call.Query, cancellationToken));
    }

    /// <summary>GET board/{asset?}: the board page and its two static files (no data: that comes from the keyed API).</summary>
    public static HttpAnswer Board(string? asset) =>
        BoardAssets.Get(asset) is { } file ? HttpAnswer.Content(file.ContentType, file.Content, BoardAssets.SecurityHeaders) : HttpAnswer.NotFound();

    /// <summary>POST inbound/pagerduty: PagerDuty v3 webhook; the signature is its authorisation, its event id is single use.</summary>
    public async Task<HttpAnswer> PagerDutyAsync(HttpCall call, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        (string? body, HttpAnswer? tooLarge) = await ReadBodyAsync(call, Limits.WebhookBodyBytes, cancellationToken);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        (int status, string message) = await PagerDutyInbound.HandleAsync(body ?? string.Empty, call.Header("X-PagerDuty-Signature"), pagerDuty?.Value.WebhookSecret, time.GetUtcNow(),
            answer => AlertIds.IsWellFormed(answer.AlertId) ? links.TryConsumeTokenAsync(answer.AlertId, "pagerduty-" + answer.EventId, cancellationToken) : Task.FromResult(false),
            async answer => (await acknowledgements.ApplyAsync(client, answer.AlertId, answer.Action, answer.By, null, "pagerduty", cancellationToken)).StatusCode);
        return HttpAnswer.Error(status, message);
    }

    /// <summary>GET health: Table Storage and SQS reachable (else 503), and which channels are down (degraded, 200).</summary>
    public async Task<HttpAnswer> HealthAsync(CancellationToken cancellationToken)
    {
        HealthReport report = await health.CheckAsync(cancellationToken);
        return HttpAnswer.JsonOf(report.Healthy ? 200 : 503, report);
    }

    private static HttpAnswer Api(ApiResult result) => HttpAnswer.JsonOf(result.StatusCode, result.Body);

    private static bool IsShortCode(string? code) => code is { Length: > 0 and <= 64 } && code.All(char.IsAsciiLetterOrDigit);

    /// <summary>
    /// The check every route of both hosts makes first (the hosts' middleware calls it): a declared body
    /// over <see cref="Core.Limits.MaxRequestBodyBytes"/> is answered 413 before anything is read. Null: go on.
    /// </summary>
    public static HttpAnswer? Admit(long? contentLength) =>
        contentLength > Core.Limits.MaxRequestBodyBytes ? HttpAnswer.Error(413, $"the request body is over {Core.Limits.MaxRequestBodyBytes} bytes") : null;

    /// <summary>Reads at most <paramref name="max"/> bytes: a declared or actual larger body is answered 413 before (or instead of) being read whole.</summary>
    public static async Task<(string? Body, HttpAnswer? TooLarge)> ReadBodyAsync(HttpCall call, int max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        HttpAnswer tooLarge = HttpAnswer.Error(413, $"the request body is over {max} bytes");
        if (call.ContentLength > max)
        {
            return (null, tooLarge);
        }

        byte[] buffer = new byte[max + 1];
        int read = 0;
        while (read < buffer.Length)
        {
            int n = await call.Body.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return read > max ? (null, tooLarge) : (Encoding.UTF8.GetString(buffer, 0, read), null);
    }
}
