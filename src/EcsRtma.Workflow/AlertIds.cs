namespace EcsRtma.Workflow;

/// <summary>What an alert id looks like (an instance id: <c>ecs-</c> and an event key). Anything else is answered 404 without a storage call.</summary>
public static class AlertIds
{
    private static readonly System.Buffers.SearchValues<char> KeyCharacters = System.Buffers.SearchValues.Create("0123456789abcdefABCDEFh-");

    public static bool IsWellFormed(string? alertId) =>
        alertId is { Length: > 4 and <= 80 } && alertId.StartsWith(InstanceIds.Prefix, StringComparison.Ordinal)
        && alertId.AsSpan(InstanceIds.Prefix.Length).IndexOfAnyExcept(KeyCharacters) < 0;
}
