using EcsRtma.Core.Alerts;
using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;

namespace EcsRtma.Core.Ports;

/// <summary>A channel that can reflect a later state change in what it sent (update the message, acknowledge the incident, comment on the ticket).</summary>
public interface IAlertStateChannel
{
    Task ReflectAsync(AlertStateChange change, CancellationToken cancellationToken);
}
