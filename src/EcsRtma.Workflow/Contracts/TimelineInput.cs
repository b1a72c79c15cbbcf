using EcsRtma.Core.Alerts;

namespace EcsRtma.Workflow.Contracts;

/// <param name="Undelivered">When set, also replaces the alert's "not reached yet" text (empty clears it), in the same write.</param>
public sealed record TimelineInput(string AlertId, TimelineEntry Entry, int? TierReached = null, string? Undelivered = null);
