namespace EcsRtma.Core.Alerts;

/// <summary>One page of a listing; pass <see cref="Continuation"/> back for the next page (null when there is none).</summary>
public sealed record Listing<T>(IReadOnlyList<T> Items, string? Continuation);
