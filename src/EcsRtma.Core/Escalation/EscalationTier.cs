namespace EcsRtma.Core.Escalation;

/// <summary>One rung of a resolved ladder: who is told, over what, and how long they have to acknowledge.</summary>
public sealed record EscalationTier(int Number, IReadOnlyList<string> Channels, TimeSpan AckTimeout, IReadOnlyList<string>? Recipients = null, IReadOnlyList<string>? Groups = null)
{
    /// <summary>Tried in order when a channel of this tier still fails after its retries, until one delivers.</summary>
    public IReadOnlyList<string> Fallback { get; init; } = [];
}
