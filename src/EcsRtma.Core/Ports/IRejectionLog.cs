using EcsRtma.Core.Alerts;

namespace EcsRtma.Core.Ports;

/// <summary>Messages that could not be read as a change: recorded (redacted), never dropped. Azure Table Storage in production (<c>TableAlertStore</c>).</summary>
public interface IRejectionLog
{
    Task RecordRejectedAsync(RejectedMessage message, CancellationToken cancellationToken = default);
}
