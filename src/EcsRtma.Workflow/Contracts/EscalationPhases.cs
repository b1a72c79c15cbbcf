namespace EcsRtma.Workflow.Contracts;

public static class EscalationPhases
{
    public const string Deferred = "deferred";
    public const string Escalating = "escalating";
    public const string Acknowledged = "acknowledged";
    public const string Unacknowledged = "unacknowledged";
}
