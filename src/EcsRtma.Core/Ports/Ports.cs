using EcsRtma.Core.Alerts;
using EcsRtma.Core.Detection;
using EcsRtma.Core.Events;

namespace EcsRtma.Core.Ports;

/// <summary>Durable record of changes, alerts and their timelines (Azure Table Storage in production).</summary>
public interface IAlertStore
{
    /// <summary>Records a change and its verdict; idempotent for the same event id.</summary>
    Task RecordChangeAsync(CloudTrailEvent change, Verdict verdict, CancellationToken cancellationToken = default);

    /// <summary>Creates the alert row if it does not exist yet (idempotent on retries and replays).</summary>
    Task OpenAlertAsync(AlertRecord alert, CancellationToken cancellationToken = default);

    Task<AlertRecord?> GetAlertAsync(string alertId, CancellationToken cancellationToken = default);

    /// <summary>Applies a change to the alert row with optimistic concurrency.</summary>
    Task UpdateAlertAsync(string alertId, Func<AlertRecord, AlertRecord> update, CancellationToken cancellationToken = default);

    Task AppendTimelineAsync(string alertId, TimelineEntry entry, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<TimelineEntry>> GetTimelineAsync(string alertId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AlertRecord>> ListAlertsAsync(int max, CancellationToken cancellationToken = default);

    /// <summary>Marks a token nonce as spent. Returns false when it was already spent (a replay).</summary>
    Task<bool> TryConsumeTokenAsync(string alertId, string nonce, CancellationToken cancellationToken = default);

    Task RecordRejectedAsync(RejectedMessage message, CancellationToken cancellationToken = default);
}

/// <summary>One delivery channel (webhook, Teams, Slack …). Throws on failure; the caller isolates and records it.</summary>
public interface IAlertChannel
{
    string Name { get; }

    Task SendAsync(AlertNotification notification, CancellationToken cancellationToken);
}

/// <summary>Thrown by a channel for a failure that retrying cannot fix (4xx other than 408/429).</summary>
public sealed class PermanentDeliveryException(string channel, int statusCode, string message)
    : Exception($"{channel}: {message} (HTTP {statusCode})")
{
    public string Channel { get; } = channel;

    public int StatusCode { get; } = statusCode;
}
