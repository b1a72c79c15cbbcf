using EcsRtma.Core.Alerts;
using EcsRtma.Core.Escalation;
using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;
using EcsRtma.Detection;

namespace EcsRtma.Workflow.Contracts;

/// <summary>Reflect an acknowledgement or resolution in the channels that were notified.</summary>
public sealed record ReflectInput(string AlertId, AlertStatus Status, Acknowledgement By, string Title);
