using EcsRtma.Core.Events;

namespace EcsRtma.Workflow;

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
