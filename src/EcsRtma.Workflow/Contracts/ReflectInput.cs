using EcsRtma.Core.Alerts;

namespace EcsRtma.Workflow.Contracts;

/// <summary>Reflect an acknowledgement or resolution in the channels that were notified.</summary>
public sealed record ReflectInput(string AlertId, AlertStatus Status, Acknowledgement By, string Title);
