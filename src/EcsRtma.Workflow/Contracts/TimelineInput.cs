using EcsRtma.Core.Alerts;
using EcsRtma.Core.Escalation;
using EcsRtma.Core.Events;
using EcsRtma.Core.Findings;
using EcsRtma.Detection;

namespace EcsRtma.Workflow.Contracts;

public sealed record TimelineInput(string AlertId, TimelineEntry Entry, int? TierReached = null);
