namespace EcsRtma.Workflow;

/// <summary>External event names raised to the change orchestration.</summary>
public static class EventNames
{
    /// <summary>Stops escalation; the alert stays open until resolved.</summary>
    public const string Acknowledged = "Acknowledged";

    /// <summary>Closes the alert.</summary>
    public const string Resolved = "Resolved";
}

/// <summary>Instance ids: one orchestration per CloudTrail event, so a redelivered message finds its instance.</summary>
public static class InstanceIds
{
    public const string Prefix = "ecs-";

    /// <summary>
    /// <c>ecs-{eventId}</c> when the event id is made of safe characters (CloudTrail's are GUIDs);
    /// otherwise a hash of it, so a forged id can never produce an unsafe storage key or URL.
    /// </summary>
    public static string ForEvent(string eventId)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventId);
        bool safe = eventId.Length <= 100 && eventId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
        return safe
            ? Prefix + eventId
            : Prefix + "h-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(eventId)))[..32];
    }
}
