using System.Globalization;
using System.Text.Json;
using EcsRtma.Channels.Webhook;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;
using EcsRtma.Infrastructure;
using EcsRtma.Workflow;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace EcsRtma.Cli.LocalHost;

/// <summary>
/// The local host's HTTP surface: the same acknowledgement and health endpoints as the Functions
/// app (same services, same pages), an alerts listing, and a local webhook receiver that verifies
/// the Standard Webhooks signature and prints what an on-call engineer would receive.
/// </summary>
public static class LocalEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapLocalEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/ack/{alertId}", async (string alertId, string? token, HttpContext http, AcknowledgeService acks) =>
        {
            AckResponse preview = await acks.PreviewAsync(alertId, token, http.RequestAborted);
            return Html(preview.StatusCode, AckPage.Confirm(preview, http.Request.Path + http.Request.QueryString));
        });

        app.MapPost("/api/ack/{alertId}", async (string alertId, string? token, HttpContext http, AcknowledgeService acks, DurableTaskClient client) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            string body = await reader.ReadToEndAsync(http.RequestAborted);
            string? comment = body.Length is > 0 and <= 4096 ? AckForm.ReadComment(http.Request.ContentType, body) : null;
            AckResponse result = await acks.AcknowledgeAsync(client, alertId, token, comment, http.RequestAborted);
            return Html(result.StatusCode, AckPage.Result(result));
        });

        app.MapGet("/api/health", async (HealthProbe probe, HttpContext http) =>
        {
            HealthReport report = await probe.CheckAsync(http.RequestAborted);
            return Results.Json(report, Json, statusCode: report.Healthy ? 200 : 503);
        });

        app.MapGet("/api/alerts", async (IAlertStore store, HttpContext http) =>
            Results.Json(await store.ListAlertsAsync(100, http.RequestAborted), Json));

        app.MapPost("/local/webhook-sink", async (HttpContext http, IOptions<WebhookChannelOptions> options, ConsoleReporter reporter) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            string body = await reader.ReadToEndAsync(http.RequestAborted);
            string id = http.Request.Headers["webhook-id"].ToString();
            string signature = http.Request.Headers["webhook-signature"].ToString();
            if (!long.TryParse(http.Request.Headers["webhook-timestamp"], NumberStyles.None, CultureInfo.InvariantCulture, out long timestamp)
                || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - timestamp) > 300
                || !new StandardWebhookSigner(options.Value.Secret).Verify(id, timestamp, body, signature))
            {
                reporter.Line("webhook", "refused a webhook with a missing, stale or invalid signature", ConsoleColor.Red);
                return Results.Unauthorized();
            }

            using JsonDocument doc = JsonDocument.Parse(body);
            JsonElement data = doc.RootElement.GetProperty("data");
            reporter.Line("notify", $"tier {data.GetProperty("tier").GetInt32()} via webhook (signature verified): {data.GetProperty("title").GetString()}"
                + $"{Environment.NewLine}                    acknowledge:  curl -X POST '{data.GetProperty("acknowledgeUrl").GetString()}'", ConsoleColor.Magenta);
            return Results.NoContent();
        });

        return app;
    }

    private static IResult Html(int status, string html) => Results.Content(html, "text/html; charset=utf-8", statusCode: status);
}
