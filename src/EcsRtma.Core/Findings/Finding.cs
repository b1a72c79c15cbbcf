namespace EcsRtma.Core.Findings;

/// <summary>One specific problem found in a change, naming the container and field it is about.</summary>
public sealed record Finding(string Id, Severity Severity, string? Container, string? Field, string Message)
{
    /// <summary>What the finding is about when several of one kind can occur (a variable name): listed when they are folded into one.</summary>
    public string? Subject { get; init; }

    /// <summary>How many findings of this kind this one stands for (folded); 1 for a single finding.</summary>
    public int Count { get; init; } = 1;
}
