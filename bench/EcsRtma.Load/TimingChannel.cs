using System.Collections.Concurrent;
using EcsRtma.Core.Alerts;
using EcsRtma.Core.Ports;

namespace EcsRtma.Load;

/// <summary>
/// A channel that records when each alert's first notification went out, and when it escalated to
/// the second tier against the first tier's acknowledgement deadline. No network: each send takes
/// <paramref name="latency"/>, as long as a vendor's answer would (zero: at once).
/// </summary>
public sealed class TimingChannel(string name, TimeSpan latency = default) : IAlertChannel
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _deadlines = new(StringComparer.Ordinal);

    public string Name => name;

    /// <summary>Tier 1 notifications: the first one's time, the event's time, and how many were sent (more than one is a duplicate).</summary>
    public ConcurrentDictionary<string, (DateTimeOffset At, DateTimeOffset EventTime, int Count)> Notified { get; } = new(StringComparer.Ordinal);

    /// <summary>Tier 2 notifications: how long after tier 1's acknowledgement deadline the first one went out.</summary>
    public ConcurrentDictionary<string, TimeSpan> EscalatedLate { get; } = new(StringComparer.Ordinal);

    public async Task<DeliveryReceipt> SendAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, cancellationToken);
        }

        DateTimeOffset now = DateTimeOffset.UtcNow;
        if (notification.Tier == 1)
        {
            _deadlines.TryAdd(notification.AlertId, notification.AckDeadline);
            Notified.AddOrUpdate(notification.AlertId, (now, notification.EventTime, 1), (_, v) => (v.At, v.EventTime, v.Count + 1));
        }
        else if (notification.Tier == 2 && _deadlines.TryGetValue(notification.AlertId, out DateTimeOffset deadline))
        {
            EscalatedLate.TryAdd(notification.AlertId, now - deadline);
        }

        return DeliveryReceipt.None;
    }
}
