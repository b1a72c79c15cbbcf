namespace EcsRtma.Core.Findings;

/// <summary>What becomes of a record.</summary>
public enum Outcome
{
    /// <summary>A monitored change: a human is notified.</summary>
    Alert,

    /// <summary>Recorded, but deliberately not notified.</summary>
    Suppressed,

    /// <summary>Not a monitored change (not ECS, read-only, not in the catalog).</summary>
    Ignored,

    /// <summary>The input could not be understood.</summary>
    Rejected,
}
