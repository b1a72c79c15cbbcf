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

    public Task RecordChangeAsync(CloudTrailEvent change, Verdict verdict, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        Count();
        RecordedChanges.AddOrUpdate(change.EventId, 1, (_, n) => n + 1);
        return inner.RecordChangeAsync(change, verdict, cancellationToken);
    }

    public Task OpenAlertAsync(AlertRecord alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        Count();
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
        Count(2); // read + conditional write (more on a concurrency retry)
        return inner.UpdateAlertAsync(alertId, update, cancellationToken);
    }

    public Task AppendTimelineAsync(string alertId, TimelineEntry entry, CancellationToken cancellationToken = default)
    {
        Count();
        return inner.AppendTimelineAsync(alertId, entry, cancellationToken);
    }

    public Task<IReadOnlyList<TimelineEntry>> GetTimelineAsync(string alertId, CancellationToken cancellationToken = default) => inner.GetTimelineAsync(alertId, cancellationToken);

    public Task<IReadOnlyList<AlertRecord>> ListAlertsAsync(int max, CancellationToken cancellationToken = default) => inner.ListAlertsAsync(max, cancellationToken);

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

    public Task SendAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        Notified.AddOrUpdate(notification.AlertId, (now, notification.EventTime, 1), (_, v) => (v.At, v.EventTime, v.Count + 1));
        return Task.CompletedTask;
    }
}
