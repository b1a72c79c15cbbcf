using EcsRtma.Core.Events;

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

    /// <summary><c>ecs-{key}</c>, the key being injective in the event id (<see cref="EventKeys"/>): raw for a CloudTrail GUID, hashed otherwise.</summary>
    public static string ForEvent(string eventId)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventId);
        return Prefix + EventKeys.For(eventId);
    }

    /// <summary>The instance of a parsed event (its key was taken from the whole id before it was cut for display).</summary>
    public static string For(CloudTrailEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return Prefix + change.EventKey;
    }
}

/// <summary>What an alert id looks like (an instance id: <c>ecs-</c> and an event key). Anything else is answered 404 without a storage call.</summary>
public static class AlertIds
{
    private static readonly System.Buffers.SearchValues<char> KeyCharacters = System.Buffers.SearchValues.Create("0123456789abcdefABCDEFh-");

    public static bool IsWellFormed(string? alertId) =>
        alertId is { Length: > 4 and <= 80 } && alertId.StartsWith(InstanceIds.Prefix, StringComparison.Ordinal)
        && alertId.AsSpan(InstanceIds.Prefix.Length).IndexOfAnyExcept(KeyCharacters) < 0;
}
