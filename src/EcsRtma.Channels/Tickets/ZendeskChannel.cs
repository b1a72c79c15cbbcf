using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using EcsRtma.Channels.Rendering;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Findings;
using EcsRtma.Core.Ports;
using Microsoft.Extensions.Options;

namespace EcsRtma.Channels.Tickets;

/// <summary>
/// One ticket per alert: looked up by <c>external_id</c> = alert id, created with an
/// <c>Idempotency-Key</c> (a retried create never makes a second ticket); a later tier adds an
/// internal note; acknowledge adds a note, resolve marks it solved.
/// </summary>
public sealed class ZendeskChannel(HttpClient http, IOptions<ZendeskOptions> options) : IAlertChannel, IAlertStateChannel
{
    public const string ChannelName = "zendesk";

    public string Name => ChannelName;

    public async Task<DeliveryReceipt> SendAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        AlertContent c = AlertContent.From(notification);
        if (await FindAsync(notification.AlertId, cancellationToken) is { } existing)
        {
            await UpdateAsync(existing, new JsonObject { ["comment"] = Note($"Escalated to tier {c.Tier}; acknowledge by {c.Deadline}.\nAcknowledge: {c.AcknowledgeUrl}") }, cancellationToken);
            return new DeliveryReceipt(existing.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var ticket = new JsonObject
        {
            ["subject"] = SafeText.Truncate($"[EcsRtma] {c.SeverityLabel}: {SafeText.Plain(c.Action, 60)} by {SafeText.Plain(c.Actor, 80)}", 250),
            ["comment"] = new JsonObject { ["body"] = TicketText.Body(c), ["public"] = false },
            ["priority"] = c.Severity switch { Severity.Critical => "urgent", Severity.High => "high", Severity.Medium => "normal", _ => "low" },
            ["type"] = "incident",
            ["external_id"] = c.AlertId,
            ["tags"] = new JsonArray("ecsrtma", $"severity_{c.Severity.ToString().ToLowerInvariant()}"),
        };
        if (options.Value.GroupId is long group)
        {
            ticket["group_id"] = group;
        }

        using HttpRequestMessage request = Request(HttpMethod.Post, "/api/v2/tickets.json", new JsonObject { ["ticket"] = ticket });
        request.Headers.Add("Idempotency-Key", notification.AlertId);
        using HttpResponseMessage response = await ChannelHttp.SendAsync(http, request, Name, cancellationToken);
        JsonNode? answer = await ChannelHttp.ReadJsonAsync(response, cancellationToken);
        return new DeliveryReceipt(answer?["ticket"]?["id"]?.ToString());
    }

    public async Task ReflectAsync(AlertStateChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        long? id = long.TryParse(change.ExternalRef, out long parsed) ? parsed : await FindAsync(change.AlertId, cancellationToken);
        if (id is not long ticket)
        {
            return;
        }

        string verb = change.Status == AlertStatus.Resolved ? "Resolved" : "Acknowledged";
        var update = new JsonObject { ["comment"] = Note($"{verb} in EcsRtma by {SafeText.Plain(change.By, 120)}{(string.IsNullOrEmpty(change.Comment) ? "." : $": {SafeText.Plain(change.Comment, 500)}")}") };
        if (change.Status == AlertStatus.Resolved)
        {
            update["status"] = "solved";
        }

        await UpdateAsync(ticket, update, cancellationToken);
    }

    private async Task<long?> FindAsync(string alertId, CancellationToken cancellationToken)
    {
        using HttpRequestMessage request = Request(HttpMethod.Get, $"/api/v2/tickets.json?external_id={Uri.EscapeDataString(alertId)}", null);
        using HttpResponseMessage response = await ChannelHttp.SendAsync(http, request, Name, cancellationToken);
        JsonNode? answer = await ChannelHttp.ReadJsonAsync(response, cancellationToken);
        return answer?["tickets"]?.AsArray().FirstOrDefault()?["id"]?.GetValue<long>();
    }

    private async Task UpdateAsync(long ticket, JsonObject update, CancellationToken cancellationToken)
    {
        using HttpRequestMessage request = Request(HttpMethod.Put, $"/api/v2/tickets/{ticket}.json", new JsonObject { ["ticket"] = update });
        using HttpResponseMessage response = await ChannelHttp.SendAsync(http, request, Name, cancellationToken);
    }

    private HttpRequestMessage Request(HttpMethod method, string path, JsonObject? body)
    {
        var url = new Uri(options.Value.BaseUrl, path);
        HttpRequestMessage request = body is null ? new HttpRequestMessage(method, url) : ChannelHttp.JsonRequest(method, url, body);
        request.Headers.Authorization = ChannelHttp.Basic($"{options.Value.Email}/token", options.Value.ApiToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private static JsonObject Note(string text) => new() { ["body"] = text, ["public"] = false };
}
