using System.Net;
using System.Text.Json;
using EcsRtma.Infrastructure;
using EcsRtma.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;

namespace EcsRtma.Functions.Triggers;

/// <summary>HTTP endpoints: the acknowledgement link (its signed token is its own authorisation) and health.</summary>
public sealed class HttpTriggers(AcknowledgeService acknowledgements, HealthProbe health)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>GET: confirmation page, changes nothing. POST: acknowledges (form field or JSON <c>comment</c> optional).</summary>
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
