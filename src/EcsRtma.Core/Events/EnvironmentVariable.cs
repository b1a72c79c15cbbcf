namespace EcsRtma.Core.Events;

/// <summary>One <c>environment</c> entry: its position in the array, its name and its value (in memory only: it may be a secret).</summary>
public sealed record EnvironmentVariable(int Index, string Name, string? Value);
