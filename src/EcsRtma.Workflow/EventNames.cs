namespace EcsRtma.Workflow;

/// <summary>External event names raised to the change orchestration.</summary>
public static class EventNames
{
    /// <summary>Stops escalation; the alert stays open until resolved.</summary>
    public const string Acknowledged = "Acknowledged";

    /// <summary>Closes the alert.</summary>
    public const string Resolved = "Resolved";
}
