using System.Collections.Concurrent;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Detection;
using EcsRtma.Core.Events;
using EcsRtma.Core.Ports;

namespace EcsRtma.Cli.Load;

/// <summary>Counts every Table Storage call of the real store, and which changes were recorded.</summary>
public sealed class CountingAlertStore(IAlertStore inner) : IAlertStore
{
    private long _calls;

    public long Calls => Interlocked.Read(ref _calls);

    public ConcurrentDictionary<string, int> RecordedChanges { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, int> OpenedAlerts { get; } = new(StringComparer.Ordinal);

    public Task RecordChangeAsync(CloudTrailEvent change, Verdict verdict, string? alertId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        Count();
        RecordedChanges.AddOrUpdate(change.EventId, 1, (_, n) => n + 1);
        return inner.RecordChangeAsync(change, verdict, alertId, cancellationToken);
    }

    public Task<Listing<ChangeSummary>> QueryChangesAsync(ChangeQuery query, CancellationToken cancellationToken = default) => inner.QueryChangesAsync(query, cancellationToken);

    public Task<bool> AttachChangeAsync(string alertId, ChangeSummary change, CancellationToken cancellationToken = default)
    {
        Count();
        return inner.AttachChangeAsync(alertId, change, cancellationToken);
    }

    public Task<IReadOnlyList<ChangeSummary>> GetAlertChangesAsync(string alertId, CancellationToken cancellationToken = default) => inner.GetAlertChangesAsync(alertId, cancellationToken);

    public Task<AlertGroup?> GetGroupAsync(string key, CancellationToken cancellationToken = default)
    {
        Count();
        return inner.GetGroupAsync(key, cancellationToken);
    }

    public Task<bool> TrySetGroupAsync(AlertGroup group, CancellationToken cancellationToken = default)
    {
        Count();
        return inner.TrySetGroupAsync(group, cancellationToken);
    }

    public Task RecordDeliveryAsync(DeliveryRecord delivery, CancellationToken cancellationToken = default)
    {
        Count();
        return inner.RecordDeliveryAsync(delivery, cancellationToken);
    }

    public Task<IReadOnlyList<DeliveryRecord>> GetDeliveriesAsync(string alertId, CancellationToken cancellationToken = default)
    {
        Count();
        return inner.GetDeliveriesAsync(alertId, cancellationToken);
    }

    public Task<DeliveryRecord?> GetDeliveryAsync(string alertId, int tier, int round, string channel, string recipient, CancellationToken cancellationToken = default)
    {
        Count();
        return inner.GetDeliveryAsync(alertId, tier, round, channel, recipient, cancellationToken);
    }

    public Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default) => inner.PurgeAsync(olderThan, cancellationToken);

    public Task OpenAlertAsync(AlertRecord alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        Count(2); // alert row + index insert
        OpenedAlerts.AddOrUpdate(alert.AlertId, 1, (_, n) => n + 1);
        return inner.OpenAlertAsync(alert, cancellationToken);
    }

    public Task<AlertRecord?> GetAlertAsync(string alertId, CancellationToken cancellationToken = default)
    {
        Count();
        return inner.GetAlertAsync(alertId, cancellationToken);
    }

    public Task UpdateAlertAsync(string alertId, Func<AlertRecord, AlertRecord> update, CancellationToken cancellationToken = default)
    {
        Count(4); // read + conditional write, index read + write (more on a concurrency retry)
        return inner.UpdateAlertAsync(alertId, update, cancellationToken);
    }

    public Task AppendTimelineAsync(string alertId, TimelineEntry entry, CancellationToken cancellationToken = default)
    {
        Count();
        return inner.AppendTimelineAsync(alertId, entry, cancellationToken);
    }

    public Task<IReadOnlyList<TimelineEntry>> GetTimelineAsync(string alertId, CancellationToken cancellationToken = default) => inner.GetTimelineAsync(alertId, cancellationToken);

    public Task<Listing<AlertRecord>> QueryAlertsAsync(AlertQuery query, CancellationToken cancellationToken = default) => inner.QueryAlertsAsync(query, cancellationToken);

    public Task SaveShortLinkAsync(string code, Uri target, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        Count();
        return inner.SaveShortLinkAsync(code, target, expiresAt, cancellationToken);
    }

    public Task<Uri?> ResolveShortLinkAsync(string code, CancellationToken cancellationToken = default) => inner.ResolveShortLinkAsync(code, cancellationToken);

    public Task<bool> TryConsumeTokenAsync(string alertId, string nonce, CancellationToken cancellationToken = default) => inner.TryConsumeTokenAsync(alertId, nonce, cancellationToken);

    public Task RecordRejectedAsync(RejectedMessage message, CancellationToken cancellationToken = default)
    {
        Count();
        return inner.RecordRejectedAsync(message, cancellationToken);
    }

    private void Count(int n = 1) => Interlocked.Add(ref _calls, n);
}

/// <summary>A channel that records when each alert's first notification went out (no network).</summary>
public sealed class TimingChannel(string name) : IAlertChannel
{
    public string Name => name;

    public ConcurrentDictionary<string, (DateTimeOffset At, DateTimeOffset EventTime, int Count)> Notified { get; } = new(StringComparer.Ordinal);

    public Task<DeliveryReceipt> SendAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        Notified.AddOrUpdate(notification.AlertId, (now, notification.EventTime, 1), (_, v) => (v.At, v.EventTime, v.Count + 1));
        return Task.FromResult(DeliveryReceipt.None);
    }
}
