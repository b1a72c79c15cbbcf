using EcsRtma.Core.Alerts;

namespace EcsRtma.Workflow.Contracts;

/// <summary>A state transition of the alert: acknowledged, resolved, exhausted (unacknowledged), or closed as it stands.</summary>
public sealed record AlertStateInput(string AlertId, AlertStatus Status, int TierReached, DateTimeOffset At, bool Close, Acknowledgement? By = null, string? Note = null);
