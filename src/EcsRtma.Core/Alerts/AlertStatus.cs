namespace EcsRtma.Core.Alerts;

/// <summary>Where an alert stands.</summary>
public enum AlertStatus
{
    Open,
    Acknowledged,
    Unacknowledged,
    Resolved,
}
