using System.Globalization;
using System.Text.Json;
using EcsRtma.Channels.Webhook;
using EcsRtma.Core.Alerts;
using EcsRtma.Http;
using EcsRtma.Workflow.Links;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EcsRtma.LocalHost;

/// <summary>
/// The local host's HTTP surface: the same acknowledgement and health endpoints as the Functions
/// app (same services, same pages), an alerts listing, and a local webhook receiver that verifies
/// the Standard Webhooks signature and prints what an on-call engineer would receive.
/// </summary>
public static class LocalEndpoints
{
    /// <summary>The local host's server limits (Limits): the largest body any route accepts, and how many connections at once.</summary>
    public static void ConfigureLimits(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        kestrel.Limits.MaxRequestBodySize = Core.Limits.MaxRequestBodyBytes;
        kestrel.Limits.MaxConcurrentConnections = Core.Limits.LocalMaxConnections;
    }

    /// <summary>Every route first: a declared body over the limit is answered 413 by the surface, unread (the same check the Functions host makes).</summary>
    public static IApplicationBuilder UseBodyLimit(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (HttpSurface.Admit(http.Request.ContentLength) is { } refused)
            {
                await WriteAsync(http, refused);
                return;
            }

            await next(http);
        });

    public static IEndpointRouteBuilder MapLocalEndpoints(this IEndpointRouteBuilder app)
    {
        // The same surface as the Functions app (EcsRtma.Http): identical answers and headers. The local host
        // listens on 127.0.0.1 only, answers only its own Host (see LocalRunCommand) and asks no key.
        app.MapMethods(AckLinks.Api + AckLinks.AckRoute, ["GET", "POST"], async (string alertId, HttpContext http, HttpSurface surface, DurableTaskClient client) =>
            await WriteAsync(http, await surface.AckAsync(Call(http), alertId, client, http.RequestAborted)));
        app.MapGet(AckLinks.Api + AckLinks.ShortLinkRoute, async (string code, HttpContext http, HttpSurface surface) =>
            await WriteAsync(http, await surface.ShortLinkAsync(code, http.RequestAborted)));
        app.MapGet("/api/health", async (HttpContext http, HttpSurface surface) =>
            await WriteAsync(http, await surface.HealthAsync(http.RequestAborted)));
        app.MapGet("/api/alerts", async (HttpContext http, HttpSurface surface) =>
            await WriteAsync(http, await surface.ListAlertsAsync(Call(http), http.RequestAborted)));
        app.MapGet("/api/alerts/{alertId}", async (string alertId, HttpContext http, HttpSurface surface) =>
            await WriteAsync(http, await surface.GetAlertAsync(alertId, http.RequestAborted)));
        app.MapPost("/api/alerts/{alertId}/{action}", async (string alertId, string action, HttpContext http, HttpSurface surface, DurableTaskClient client) =>
            await WriteAsync(http, await surface.ActOnAlertAsync(Call(http), alertId, action, client, http.RequestAborted)));
        app.MapGet("/api/changes", async (HttpContext http, HttpSurface surface) =>
            await WriteAsync(http, await surface.ListChangesAsync(Call(http), http.RequestAborted)));
        app.MapGet(AckLinks.Api + AckLinks.BoardRoute, async (string? asset, HttpContext http) =>
            await WriteAsync(http, HttpSurface.Board(asset)));
        app.MapPost("/api/inbound/pagerduty", async (HttpContext http, HttpSurface surface, DurableTaskClient client) =>
            await WriteAsync(http, await surface.PagerDutyAsync(Call(http), client, http.RequestAborted)));

        app.MapPost("/local/webhook-sink", async (HttpContext http, IOptions<WebhookChannelOptions> options, ConsoleReporter reporter) =>
        {
            // Capped before the signature is checked: an unsigned body is never held beyond the limit.
            (string? body, HttpAnswer? tooLarge) = await HttpSurface.ReadBodyAsync(Call(http), Core.Limits.WebhookBodyBytes, http.RequestAborted);
            if (body is null)
            {
                await WriteAsync(http, tooLarge!);
                return Results.Empty;
            }

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

    /// <summary>
    /// The keyless local API answers only requests addressed to it (Host 127.0.0.1 or localhost; 400
    /// otherwise): a page on another site cannot reach it through DNS rebinding. Pair with UseHostFiltering.
    /// </summary>
    public static IServiceCollection AddLocalHostFiltering(this IServiceCollection services) =>
        services.Configure<Microsoft.AspNetCore.HostFiltering.HostFilteringOptions>(o =>
        {
            o.AllowedHosts = ["127.0.0.1", "localhost"];
            o.AllowEmptyHosts = false;
        });

    /// <summary>The request as the surface reads it.</summary>
    public static HttpCall Call(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        HttpRequest r = http.Request;
        return new HttpCall(r.Method, r.Path + r.QueryString, name => r.Query[name].FirstOrDefault(), name => r.Headers[name].FirstOrDefault(), r.ContentLength, r.Body);
    }

    /// <summary>The surface's answer as it is: status, content type, every header, body.</summary>
    public static async Task WriteAsync(HttpContext http, HttpAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(answer);
        http.Response.StatusCode = answer.Status;
        if (answer.ContentType is not null)
        {
            http.Response.ContentType = answer.ContentType;
        }

        foreach (KeyValuePair<string, string> header in answer.Headers)
        {
            http.Response.Headers[header.Key] = header.Value;
        }

        if (answer.Body.Length > 0)
        {
            await http.Response.WriteAsync(answer.Body, http.RequestAborted);
        }
    }
}
