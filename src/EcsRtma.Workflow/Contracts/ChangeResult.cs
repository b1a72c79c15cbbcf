using EcsRtma.Core.Alerts;
using EcsRtma.Core.Findings;

namespace EcsRtma.Workflow.Contracts;

/// <summary>What the orchestration ends with. <see cref="AlertId"/> is the group's alert when the change joined a burst.</summary>
public sealed record ChangeResult(string EventId, Outcome Outcome, string? AlertId, AlertStatus? Status, int TierReached, string? AcknowledgedBy)
{
    public bool Joined { get; init; }

    public string? ResolvedBy { get; init; }

    /// <summary>Processing failed somewhere and the change was alerted as "could not fully process" instead.</summary>
    public bool ProcessingFailed { get; init; }
}
