namespace EcsRtma.Workflow.Contracts;

public static class EscalationPhases
{
    public const string Deferred = "deferred";
    public const string Escalating = "escalating";
    public const string Acknowledged = "acknowledged";
    public const string Unacknowledged = "unacknowledged";

    /// <summary>The ladder is done, but a tier has not been reached yet: its delivery is still being retried.</summary>
    public const string Undelivered = "undelivered";
}
