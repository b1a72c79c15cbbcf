using EcsRtma.Core.Alerts;

namespace EcsRtma.Core.Ports;

/// <summary>One delivery channel (webhook, Teams, Slack …). Throws on failure; the caller isolates and records it.</summary>
public interface IAlertChannel
{
    string Name { get; }

    /// <summary>True for channels that address people one by one (email, SMS): one send per recipient, each with its own link.</summary>
    bool PerRecipient => false;

    /// <summary>True for channels with little room (SMS): the notification also carries short links.</summary>
    bool WantsShortLinks => false;

    Task<DeliveryReceipt> SendAsync(AlertNotification notification, CancellationToken cancellationToken);
}
