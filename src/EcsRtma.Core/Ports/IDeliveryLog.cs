using EcsRtma.Core.Alerts;

namespace EcsRtma.Core.Ports;

/// <summary>What was sent to whom, through which channel, with what result. Azure Table Storage in production (<c>TableAlertStore</c>).</summary>
public interface IDeliveryLog
{
    /// <summary>Records (or updates) one delivery of a notification: attempts, result and the vendor's reference.</summary>
    Task RecordDeliveryAsync(DeliveryRecord delivery, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<DeliveryRecord>> GetDeliveriesAsync(string alertId, CancellationToken cancellationToken = default);

    /// <summary>One delivery (alert, tier, round, channel, recipient), or null: a point read where a channel sends a single copy.</summary>
    Task<DeliveryRecord?> GetDeliveryAsync(string alertId, int tier, int round, string channel, string recipient, CancellationToken cancellationToken = default);
}
