using EcsRtma.Core.Alerts;

namespace EcsRtma.Core.Ports;

/// <summary>Alerts: the alert row, the changes it gathers and its timeline. Azure Table Storage in production (<c>TableAlertStore</c>).</summary>
public interface IAlertStore
{
    /// <summary>Creates the alert row if it does not exist yet (idempotent on retries and replays).</summary>
    Task OpenAlertAsync(AlertRecord alert, CancellationToken cancellationToken = default);

    Task<AlertRecord?> GetAlertAsync(string alertId, CancellationToken cancellationToken = default);

    /// <summary>Applies a change to the alert row with optimistic concurrency.</summary>
    Task UpdateAlertAsync(string alertId, Func<AlertRecord, AlertRecord> update, CancellationToken cancellationToken = default);

    /// <summary>Lists alerts by creation time, newest first, filtered and paged.</summary>
    Task<Listing<AlertRecord>> QueryAlertsAsync(AlertQuery query, CancellationToken cancellationToken = default);

    /// <summary>Adds a change to an alert's list of changes. Returns false when it was already there (a retry or a duplicate delivery).</summary>
    Task<bool> AttachChangeAsync(string alertId, ChangeSummary change, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ChangeSummary>> GetAlertChangesAsync(string alertId, CancellationToken cancellationToken = default);

    Task AppendTimelineAsync(string alertId, TimelineEntry entry, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<TimelineEntry>> GetTimelineAsync(string alertId, CancellationToken cancellationToken = default);
}
