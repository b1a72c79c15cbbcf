namespace EcsRtma.Workflow.Contracts;

public enum OpeningKind
{
    /// <summary>The verdict is not an alert (ignored or suppressed): recorded only.</summary>
    NotAlerted,

    /// <summary>A new alert was opened; the plan says how to escalate it.</summary>
    Opened,

    /// <summary>The change joined an open burst thread (same principal, same cluster, within the window).</summary>
    Joined,
}
