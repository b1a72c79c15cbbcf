using EcsRtma.Core.Findings;

namespace EcsRtma.Core.Alerts;

/// <summary>Filters for listing changes (alerted, suppressed and ignored); every filter is optional. Newest first.</summary>
public sealed record ChangeQuery
{
    public Outcome? Outcome { get; init; }
    public string? AccountId { get; init; }
    public string? Cluster { get; init; }
    public string? EventName { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public int Limit { get; init; } = 50;
    public string? Continuation { get; init; }
}
