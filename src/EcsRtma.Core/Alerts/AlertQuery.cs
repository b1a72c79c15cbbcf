using EcsRtma.Core.Findings;

namespace EcsRtma.Core.Alerts;

/// <summary>Filters for listing alerts; every filter is optional. Newest first.</summary>
public sealed record AlertQuery
{
    public AlertStatus? Status { get; init; }
    public Severity? MinSeverity { get; init; }
    public string? AccountId { get; init; }
    public string? Cluster { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public int Limit { get; init; } = 50;
    public string? Continuation { get; init; }
}
