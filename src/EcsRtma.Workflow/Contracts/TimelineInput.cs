using EcsRtma.Core.Alerts;

namespace EcsRtma.Workflow.Contracts;

public sealed record TimelineInput(string AlertId, TimelineEntry Entry, int? TierReached = null);
