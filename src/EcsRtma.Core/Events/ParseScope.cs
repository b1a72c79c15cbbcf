namespace EcsRtma.Core.Events;

/// <summary>How much of a record <see cref="CloudTrailParser"/> builds.</summary>
public enum ParseScope
{
    /// <summary>Every record in full, whatever service it came from.</summary>
    All,

    /// <summary>ECS records in full; records of other services only recognised as such (their JSON is still validated).</summary>
    EcsOnly,
}
