namespace EcsRtma.Workflow.Links;

/// <summary>The two things a human can do to an alert; also the action a signed link is bound to.</summary>
public static class AckActions
{
    public const string Acknowledge = "ack";
    public const string Resolve = "resolve";

    public static bool IsKnown(string? action) => action is Acknowledge or Resolve;
}
