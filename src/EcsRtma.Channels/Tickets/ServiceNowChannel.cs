using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using EcsRtma.Channels.Rendering;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Findings;
using EcsRtma.Core.Ports;
using Microsoft.Extensions.Options;

namespace EcsRtma.Channels.Tickets;

/// <summary>
/// One incident per alert with <c>correlation_id</c> = alert id. ServiceNow has no idempotency key,
/// so the incident is looked up by correlation id first: a retry never makes a second incident.
/// A later tier adds a work note; acknowledge sets In Progress, resolve sets Resolved with close notes.
/// </summary>
public sealed class ServiceNowChannel(HttpClient http, IOptions<ServiceNowOptions> options) : IAlertChannel, IAlertStateChannel
{
    public const string ChannelName = "servicenow";

    public string Name => ChannelName;

    public async Task<DeliveryReceipt> SendAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        AlertContent c = AlertContent.From(notification);
        if (await FindAsync(notification.AlertId, cancellationToken) is { } existing)
        {
            await PatchAsync(existing, new JsonObject { ["work_notes"] = $"EcsRtma escalated to tier {c.Tier}; acknowledge by {c.Deadline}: {c.AcknowledgeUrl}" }, cancellationToken);
            return new DeliveryReceipt(existing);
        }

        (string impact, string urgency) = c.Severity switch
        {
            Severity.Critical => ("1", "1"),
            Severity.High => ("2", "1"),
            Severity.Medium => ("2", "2"),
            _ => ("3", "3"),
        };
        var incident = new JsonObject
        {
            ["short_description"] = SafeText.Truncate($"[EcsRtma] {c.SeverityLabel}: {SafeText.Plain(c.Action, 60)} by {SafeText.Plain(c.Actor, 80)}", 160),
            ["description"] = TicketText.Body(c),
            ["impact"] = impact,
            ["urgency"] = urgency,
            ["category"] = "security",
            ["correlation_id"] = c.AlertId,
            ["correlation_display"] = "EcsRtma",
        };
        if (!string.IsNullOrEmpty(options.Value.AssignmentGroup))
        {
            incident["assignment_group"] = options.Value.AssignmentGroup;
        }

        using HttpRequestMessage request = Request(HttpMethod.Post, "/api/now/table/incident?sysparm_fields=sys_id,number", incident);
        using HttpResponseMessage response = await ChannelHttp.SendAsync(http, request, Name, cancellationToken);
        JsonNode? answer = await ChannelHttp.ReadJsonAsync(response, cancellationToken);
        return new DeliveryReceipt(answer?["result"]?["sys_id"]?.GetValue<string>());
    }

    public async Task ReflectAsync(AlertStateChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        string? sysId = change.ExternalRef ?? await FindAsync(change.AlertId, cancellationToken);
        if (sysId is null)
        {
            return;
        }

        string note = $"{(change.Status == AlertStatus.Resolved ? "Resolved" : "Acknowledged")} in EcsRtma by {SafeText.Plain(change.By, 120)}{(string.IsNullOrEmpty(change.Comment) ? "." : $": {SafeText.Plain(change.Comment, 500)}")}";
        JsonObject update = change.Status == AlertStatus.Resolved
            ? new JsonObject { ["state"] = "6", ["close_code"] = "Solved (Permanently)", ["close_notes"] = note }
            : new JsonObject { ["state"] = "2", ["work_notes"] = note };
        await PatchAsync(sysId, update, cancellationToken);
    }

    private async Task<string?> FindAsync(string alertId, CancellationToken cancellationToken)
    {
        string query = Uri.EscapeDataString($"correlation_id={alertId}^active=true");
        using HttpRequestMessage request = Request(HttpMethod.Get, $"/api/now/table/incident?sysparm_query={query}&sysparm_limit=1&sysparm_fields=sys_id,number", null);
        using HttpResponseMessage response = await ChannelHttp.SendAsync(http, request, Name, cancellationToken);
        JsonNode? answer = await ChannelHttp.ReadJsonAsync(response, cancellationToken);
        return answer?["result"]?.AsArray().FirstOrDefault()?["sys_id"]?.GetValue<string>();
    }

    private async Task PatchAsync(string sysId, JsonObject update, CancellationToken cancellationToken)
    {
        using HttpRequestMessage request = Request(HttpMethod.Patch, $"/api/now/table/incident/{Uri.EscapeDataString(sysId)}?sysparm_fields=sys_id", update);
        using HttpResponseMessage response = await ChannelHttp.SendAsync(http, request, Name, cancellationToken);
    }

    private HttpRequestMessage Request(HttpMethod method, string pathAndQuery, JsonObject? body)
    {
        var url = new Uri(options.Value.InstanceUrl, pathAndQuery);
        HttpRequestMessage request = body is null ? new HttpRequestMessage(method, url) : ChannelHttp.JsonRequest(method, url, body);
        request.Headers.Authorization = ChannelHttp.Basic(options.Value.User, options.Value.Password);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }
}
