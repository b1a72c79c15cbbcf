using System.Collections.Concurrent;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;

namespace EcsRtma.Load;

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
