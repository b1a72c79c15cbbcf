using EcsRtma.Core.Findings;

namespace EcsRtma.Core.Alerts;

/// <summary>A change as listed with its alert or in the changes listing (including suppressed and ignored changes).</summary>
public sealed record ChangeSummary
{
    public required string EventId { get; init; }

    /// <summary>The key of the whole event id (see <c>EventKeys</c>); what the change's rows are keyed by.</summary>
    public string? EventKey { get; init; }
    public required string EventName { get; init; }
    public required DateTimeOffset EventTime { get; init; }
    public required Outcome Outcome { get; init; }
    public Severity? Severity { get; init; }
    public required string Title { get; init; }
    public string? ActorName { get; init; }
    public string? ActorArn { get; init; }
    public string? AccountId { get; init; }
    public string? Region { get; init; }
    public string? Cluster { get; init; }
    public string? SuppressedBy { get; init; }
    public string? AlertId { get; init; }
    public IReadOnlyList<string> Reasons { get; init; } = [];

    public static ChangeSummary From(Verdict verdict, DateTimeOffset eventTime, string? alertId)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return new()
        {
            EventId = verdict.EventId,
            EventKey = verdict.EventKey,
            EventName = verdict.EventName,
            EventTime = eventTime,
            Outcome = verdict.Outcome,
            Severity = verdict.Severity,
            Title = verdict.Title,
            ActorName = verdict.Actor.DisplayName,
            ActorArn = verdict.Actor.Arn,
            AccountId = verdict.AccountId,
            Region = verdict.Region,
            Cluster = verdict.Cluster,
            SuppressedBy = verdict.SuppressedBy,
            AlertId = alertId,
            Reasons = verdict.Reasons,
        };
    }
}
