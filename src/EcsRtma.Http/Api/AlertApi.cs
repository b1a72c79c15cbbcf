using System.Globalization;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Findings;
using EcsRtma.Core.Ports;
using EcsRtma.Http.Acknowledge;
using EcsRtma.Workflow;
using EcsRtma.Workflow.Links;
using Microsoft.DurableTask.Client;

namespace EcsRtma.Http.Api;

/// <summary>
/// The alerts API behind the Functions HTTP triggers and the local host alike: list alerts and
/// changes with filters and paging, one alert with its changes and timeline, acknowledge, resolve.
/// Query parameters are checked and a bad one is answered with a 400 that names it.
/// </summary>
public sealed class AlertApi(IAlertStore alerts, IChangeLog changeLog, IDeliveryLog deliveryLog, AcknowledgeService acknowledgements)
{
    public const int MaxLimit = Core.Limits.ApiPageLimit;

    private const string Unverified = " (unverified)";

    private static readonly DateTimeOffset EarliestTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset LatestTime = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>GET alerts?status=&amp;severity=(minimum)&amp;account=&amp;cluster=&amp;from=&amp;to=&amp;limit=&amp;continuation=</summary>
    public async Task<ApiResult> ListAlertsAsync(Func<string, string?> query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        try
        {
            var filter = new AlertQuery
            {
                Status = Enum<AlertStatus>(query, "status"),
                MinSeverity = Enum<Severity>(query, "severity"),
                AccountId = query("account"),
                Cluster = query("cluster"),
                From = Time(query, "from"),
                To = Time(query, "to"),
                Limit = Limit(query),
                Continuation = query("continuation"),
            };
            return new ApiResult(200, await alerts.QueryAlertsAsync(filter, cancellationToken));
        }
        catch (ArgumentException ex)
        {
            return new ApiResult(400, new ApiError(ex.Message));
        }
    }

    /// <summary>GET changes?outcome=&amp;account=&amp;cluster=&amp;action=&amp;from=&amp;to=&amp;limit=&amp;continuation= (alerted, suppressed and ignored).</summary>
    public async Task<ApiResult> ListChangesAsync(Func<string, string?> query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        try
        {
            var filter = new ChangeQuery
            {
                Outcome = Enum<Outcome>(query, "outcome"),
                AccountId = query("account"),
                Cluster = query("cluster"),
                EventName = query("action"),
                From = Time(query, "from"),
                To = Time(query, "to"),
                Limit = Limit(query),
                Continuation = query("continuation"),
            };
            return new ApiResult(200, await changeLog.QueryChangesAsync(filter, cancellationToken));
        }
        catch (ArgumentException ex)
        {
            return new ApiResult(400, new ApiError(ex.Message));
        }
    }

    /// <summary>GET alerts/{id}: the alert, its changes, timeline and deliveries.</summary>
    public async Task<ApiResult> GetAlertAsync(string alertId, CancellationToken cancellationToken = default)
    {
        AlertRecord? alert = AlertIds.IsWellFormed(alertId) ? await alerts.GetAlertAsync(alertId, cancellationToken) : null;
        if (alert is null)
        {
            return new ApiResult(404, new ApiError($"no alert '{Core.Text.UntrustedText.Clean(alertId, 80)}'"));
        }

        Task<IReadOnlyList<ChangeSummary>> changes = alerts.GetAlertChangesAsync(alertId, cancellationToken);
        Task<IReadOnlyList<TimelineEntry>> timeline = alerts.GetTimelineAsync(alertId, cancellationToken);
        Task<IReadOnlyList<DeliveryRecord>> deliveries = deliveryLog.GetDeliveriesAsync(alertId, cancellationToken);
        return new ApiResult(200, new AlertDetail(alert, await changes, await timeline, await deliveries));
    }

    /// <summary>POST alerts/{id}/acknowledge or alerts/{id}/resolve. <paramref name="caller"/> is the authenticated principal, when known.</summary>
    public async Task<ApiResult> ActAsync(DurableTaskClient client, string alertId, string action, string? caller, ApiAction? body, CancellationToken cancellationToken = default)
    {
        string code = action switch
        {
            "acknowledge" => AckActions.Acknowledge,
            "resolve" => AckActions.Resolve,
            _ => action,
        };
        // An authenticated identity (Entra ID via App Service authentication) wins over a name in the body.
        // The name is cut before the marker is added, so no padding can push "(unverified)" out.
        string by = caller is not null
            ? Core.Text.UntrustedText.Clean(caller, Core.Limits.ByChars)
            : string.IsNullOrWhiteSpace(body?.By) ? "api" : $"{Core.Text.UntrustedText.Clean(body.By, Core.Limits.ByChars - Unverified.Length)}{Unverified}";
        AckResponse response = await acknowledgements.ApplyAsync(client, alertId, code, by, body?.Comment, "api", cancellationToken);
        return new ApiResult(response.StatusCode, response.StatusCode < 300 ? response : new ApiError(response.Message));
    }

    private static T? Enum<T>(Func<string, string?> query, string name)
        where T : struct, System.Enum
    {
        string? value = query(name);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return System.Enum.TryParse(value, ignoreCase: true, out T parsed) && System.Enum.IsDefined(parsed) && !value.All(char.IsAsciiDigit)
            ? parsed
            : throw new ArgumentException($"{name}: '{Core.Text.UntrustedText.Clean(value, 40)}' is not one of {string.Join(", ", System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}");
    }

    private static DateTimeOffset? Time(Func<string, string?> query, string name)
    {
        string? value = query(name);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        string shown = Core.Text.UntrustedText.Clean(value, 40);
        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset parsed))
        {
            throw new ArgumentException($"{name}: '{shown}' is not an ISO 8601 time (e.g. 2026-11-27T09:00:00Z)");
        }

        return parsed >= EarliestTime && parsed <= LatestTime
            ? parsed
            : throw new ArgumentException($"{name}: '{shown}' is out of range (2000-01-01 to 9000-01-01)");
    }

    private static int Limit(Func<string, string?> query)
    {
        string? value = query("limit");
        if (string.IsNullOrEmpty(value))
        {
            return 50;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int limit) && limit is >= 1 and <= MaxLimit
            ? limit
            : throw new ArgumentException($"limit: '{Core.Text.UntrustedText.Clean(value, 40)}' must be a whole number from 1 to {MaxLimit}");
    }
}
