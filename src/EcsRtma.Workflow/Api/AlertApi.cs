using System.Globalization;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Detection;
using EcsRtma.Core.Ports;
using Microsoft.DurableTask.Client;

namespace EcsRtma.Workflow;

/// <summary>A host-neutral API answer: HTTP status and a body serialised as JSON (web defaults).</summary>
public sealed record ApiResult(int StatusCode, object Body);

/// <summary>An API error body.</summary>
public sealed record ApiError(string Error);

/// <summary>One alert with everything the board shows: its changes, timeline and deliveries.</summary>
public sealed record AlertDetail(AlertRecord Alert, IReadOnlyList<ChangeSummary> Changes, IReadOnlyList<TimelineEntry> Timeline, IReadOnlyList<DeliveryRecord> Deliveries);

/// <summary>A request body for acknowledge/resolve through the API.</summary>
public sealed record ApiAction(string? By, string? Comment);

/// <summary>
/// The alerts API behind the Functions HTTP triggers and the local host alike: list alerts and
/// changes with filters and paging, one alert with its changes and timeline, acknowledge, resolve.
/// Query parameters are checked and a bad one is answered with a 400 that names it.
/// </summary>
public sealed class AlertApi(IAlertStore store, AcknowledgeService acknowledgements)
{
    public const int MaxLimit = 200;

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
            return new ApiResult(200, await store.QueryAlertsAsync(filter, cancellationToken));
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
            return new ApiResult(200, await store.QueryChangesAsync(filter, cancellationToken));
        }
        catch (ArgumentException ex)
        {
            return new ApiResult(400, new ApiError(ex.Message));
        }
    }

    /// <summary>GET alerts/{id}: the alert, its changes, timeline and deliveries.</summary>
    public async Task<ApiResult> GetAlertAsync(string alertId, CancellationToken cancellationToken = default)
    {
        AlertRecord? alert = AlertIds.IsWellFormed(alertId) ? await store.GetAlertAsync(alertId, cancellationToken) : null;
        if (alert is null)
        {
            return new ApiResult(404, new ApiError($"no alert '{Core.Text.UntrustedText.Clean(alertId, 80)}'"));
        }

        Task<IReadOnlyList<ChangeSummary>> changes = store.GetAlertChangesAsync(alertId, cancellationToken);
        Task<IReadOnlyList<TimelineEntry>> timeline = store.GetTimelineAsync(alertId, cancellationToken);
        Task<IReadOnlyList<DeliveryRecord>> deliveries = store.GetDeliveriesAsync(alertId, cancellationToken);
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

/// <summary>Alerts API settings (section <c>Api</c>).</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>
    /// Take the acting user from <c>X-MS-CLIENT-PRINCIPAL-NAME</c>. Turn on only when App Service
    /// authentication (Entra ID) is enabled in front of the app: it sets the header and strips a
    /// client's own; without it the header is forgeable.
    /// </summary>
    public bool TrustClientPrincipalHeader { get; set; }
}
