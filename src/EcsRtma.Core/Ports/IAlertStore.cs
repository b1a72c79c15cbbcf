using EcsRtma.Core.Alerts;

namespace EcsRtma.Core.Ports;

/// <summary>Alerts: the alert row, the changes it gathers and its timeline. Azure Table Storage in production (<c>TableAlertStore</c>).</summary>
public interface IAlertStore
{
    /// <summary>
    /// Creates the alert row — with its first change and the note that opened it, in the same
    /// transaction — unless an earlier attempt already did. Returns false then, having written nothing
    /// twice (retries and replays are idempotent).
    /// </summary>
    Task<bool> OpenAlertAsync(AlertRecord alert, ChangeSummary? firstChange = null, TimelineEntry? opened = null, CancellationToken cancellationToken = default);

    Task<AlertRecord?> GetAlertAsync(string alertId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies a change to the alert row with optimistic concurrency; the note and the delivery, when
    /// given, are written in the same transaction (all or nothing).
    /// </summary>
    Task UpdateAlertAsync(string alertId, Func<AlertRecord, AlertRecord> update, TimelineEntry? note = null, DeliveryRecord? delivery = null, CancellationToken cancellationToken = default);

    /// <summary>Lists alerts by creation time, newest first, filtered and paged.</summary>
    Task<Listing<AlertRecord>> QueryAlertsAsync(AlertQuery query, CancellationToken cancellationToken = default);

    /// <summary>Adds a change to an alert's list of changes. Returns false when it was already there (a retry or a duplicate delivery).</summary>
    Task<bool> AttachChangeAsync(string alertId, ChangeSummary change, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ChangeSummary>> GetAlertChangesAsync(string alertId, CancellationToken cancellationToken = default);

    Task AppendTimelineAsync(string alertId, TimelineEntry entry, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<TimelineEntry>> GetTimelineAsync(string alertId, CancellationToken cancellationToken = default);
}
