using EcsRtma.Core.Alerts;
using EcsRtma.Core.Escalation;
using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;
using EcsRtma.Detection;

namespace EcsRtma.Workflow.Contracts;

public static class EscalationPhases
{
    public const string Deferred = "deferred";
    public const string Escalating = "escalating";
    public const string Acknowledged = "acknowledged";
    public const string Unacknowledged = "unacknowledged";
}
