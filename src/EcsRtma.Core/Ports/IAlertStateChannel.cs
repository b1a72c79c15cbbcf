using EcsRtma.Core.Alerts;

namespace EcsRtma.Core.Ports;

/// <summary>A channel that can reflect a later state change in what it sent (update the message, acknowledge the incident, comment on the ticket).</summary>
public interface IAlertStateChannel
{
    Task ReflectAsync(AlertStateChange change, CancellationToken cancellationToken);
}
