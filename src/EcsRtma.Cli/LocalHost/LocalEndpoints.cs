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
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EcsRtma.Cli.LocalHost;

/// <summary>
/// The local host's HTTP surface: the same acknowledgement and health endpoints as the Functions
/// app (same services, same pages), an alerts listing, and a local webhook receiver that verifies
/// the Standard Webhooks signature and prints what an on-call engineer would receive.
/// </summary>
public static class LocalEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

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

        app.MapGet("/api/s/{code}", async (string code, IAlertStore store, HttpContext http) =>
        {
            Uri? target = await store.ResolveShortLinkAsync(code, http.RequestAborted);
            http.Response.Headers.CacheControl = "no-store";
            return target is null ? Html(404, AckPage.Result(new AckResponse(404, "This link is unknown or has expired."))) : Results.Redirect(target.ToString());
        });

        app.MapGet("/api/health", async (HealthProbe probe, HttpContext http) =>
        {
            HealthReport report = await probe.CheckAsync(http.RequestAborted);
            return Results.Json(report, Json, statusCode: report.Healthy ? 200 : 503);
        });

        // The alerts API and board, as in the Functions app. The local host listens on 127.0.0.1 only and asks no key.
        app.MapGet("/api/alerts", async (AlertApi api, HttpContext http) =>
            Api(await api.ListAlertsAsync(name => http.Request.Query[name].FirstOrDefault(), http.RequestAborted)));
        app.MapGet("/api/alerts/{alertId}", async (string alertId, AlertApi api, HttpContext http) =>
            Api(await api.GetAlertAsync(alertId, http.RequestAborted)));
        app.MapPost("/api/alerts/{alertId}/{action}", async (string alertId, string action, AlertApi api, DurableTaskClient client, HttpContext http) =>
        {
            ApiAction? body = null;
            if (http.Request.ContentLength is > 0 and <= 4096)
            {
                try
                {
                    body = await JsonSerializer.DeserializeAsync<ApiAction>(http.Request.Body, Json, http.RequestAborted);
                }
                catch (JsonException)
                {
                    return Results.Json(new ApiError("the body must be JSON: {\"by\": \"...\", \"comment\": \"...\"}"), Json, statusCode: 400);
                }
            }

            return Api(await api.ActAsync(client, alertId, action, null, body, http.RequestAborted));
        });
        app.MapGet("/api/changes", async (AlertApi api, HttpContext http) =>
            Api(await api.ListChangesAsync(name => http.Request.Query[name].FirstOrDefault(), http.RequestAborted)));
        app.MapGet("/api/board/{asset?}", (string? asset, HttpContext http) =>
        {
            if (BoardAssets.Get(asset) is not { } file)
            {
                return Results.NotFound();
            }

            foreach ((string name, string value) in BoardAssets.SecurityHeaders)
            {
                http.Response.Headers[name] = value;
            }

            return Results.Content(file.Content, file.ContentType);
        });

        app.MapPost("/api/inbound/pagerduty", async (HttpContext http, AcknowledgeService acks, DurableTaskClient client) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            string body = await reader.ReadToEndAsync(http.RequestAborted);
            string? secret = http.RequestServices.GetService<IOptions<Channels.PagerDuty.PagerDutyChannelOptions>>()?.Value.WebhookSecret;
            (int status, string message) = await Channels.PagerDuty.PagerDutyInbound.HandleAsync(body, http.Request.Headers["X-PagerDuty-Signature"].FirstOrDefault(), secret,
                async answer => (await acks.ApplyAsync(client, answer.AlertId, answer.Action, answer.By, null, "pagerduty", http.RequestAborted)).StatusCode);
            return Results.Json(new ApiError(message), Json, statusCode: status);
        });

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

            // Alerts and their later state changes (acknowledged, resolved) both arrive here: each is printed, none refused.
            using JsonDocument doc = JsonDocument.Parse(body);
            string type = doc.RootElement.TryGetProperty("type", out JsonElement t) ? t.GetString() ?? string.Empty : string.Empty;
            JsonElement data = doc.RootElement.GetProperty("data");
            string title = Printable(data.TryGetProperty("title", out JsonElement ti) ? ti.GetString() : null);
            if (type == WebhookPayload.EventType)
            {
                reporter.Line("notify", $"tier {data.GetProperty("tier").GetInt32()} via webhook (signature verified): {title}"
                    + $"{Environment.NewLine}                    acknowledge:  curl -X POST '{data.GetProperty("acknowledgeUrl").GetString()}'", ConsoleColor.Magenta);
            }
            else
            {
                string by = Printable(data.TryGetProperty("by", out JsonElement b) ? b.GetString() : null);
                reporter.Line("webhook", $"{Printable(type)} by {by} (signature verified): {title}", ConsoleColor.Magenta);
            }

            return Results.NoContent();
        });

        return app;
    }

    /// <summary>Event text for the console: no control or invisible characters (no terminal escapes), bounded.</summary>
    private static string Printable(string? value) => Core.Text.UntrustedText.Clean(value ?? string.Empty, 300);

    private static IResult Api(ApiResult result) => Results.Json(result.Body, Json, statusCode: result.StatusCode);

    private static IResult Html(int status, string html) => Results.Content(html, "text/html; charset=utf-8", statusCode: status);
}
